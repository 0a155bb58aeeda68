/**
 * What a SageMaker execution role needs to run its containers in the stack's VPC (endpoints, Processing
 * jobs): the ENI actions, scoped to the workload's subnets and security group.
 */
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement } from "./iam";

/** Inputs of `sageMakerVpcStatements`. */
export interface SageMakerVpcScope {
    /** The workload's subnets. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The workload's security group. */
    readonly securityGroupId: pulumi.Input<string>;
    /** Account, region and partition of the stack. */
    readonly accountId: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
}

/** The VPC-mode statements of a SageMaker execution role. */
export function sageMakerVpcStatements(scope: SageMakerVpcScope): PolicyStatement[] {
    const { accountId, region, partition } = scope;
    const network = pulumi
        .all([pulumi.output(scope.subnetIds), scope.securityGroupId, partition, region, accountId])
        .apply(([subnets, sg, p, r, a]) => ({
            interfaces: `arn:${p}:ec2:${r}:${a}:network-interface/*`,
            securityGroup: `arn:${p}:ec2:${r}:${a}:security-group/${sg}`,
            subnets: subnets.map((s) => `arn:${p}:ec2:${r}:${a}:subnet/${s}`),
        }));
    // AWS's VPC-mode policy grants these on "*" (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html,
    // "If you specify a private VPC for your model"). Scoped with the Service Authorization Reference
    // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html): CreateNetworkInterface
    // is authorized on the new interface and on the subnet and security group it goes in, so naming only the
    // workload's subnets and group scopes it; CreateNetworkInterfacePermission and DeleteNetworkInterface are
    // authorized on the existing interface, whose `ec2:Subnet` key (the subnet ARN) limits them to interfaces in
    // the workload's subnets instead of every interface of the account.
    return [
        {
            Sid: "VpcCreateNetworkInterfaces",
            Action: "ec2:CreateNetworkInterface",
            Resource: network.apply((n) => [n.interfaces, n.securityGroup, ...n.subnets]),
        },
        {
            Sid: "VpcManageOwnNetworkInterfaces",
            Action: ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"],
            Resource: network.apply((n) => n.interfaces),
            Condition: { ArnEquals: { "ec2:Subnet": network.apply((n) => n.subnets) } },
        },
        {
            // Describe* actions have no resource-level permissions.
            Sid: "VpcDescribe",
            Action: [
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeVpcs",
                "ec2:DescribeDhcpOptions",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
            ],
            Resource: "*",
        },
        {
            // DeleteNetworkInterfacePermission has no resource-level permissions either: a scoped ARN would
            // never match it, and SageMaker could not revoke its ENI permissions when it tears instances down.
            Sid: "VpcNetworkInterfacePermissionCleanup",
            Action: "ec2:DeleteNetworkInterfacePermission",
            Resource: "*",
        },
    ];
}

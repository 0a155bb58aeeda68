/**
 * The endpoint execution role as data: what the serving container and SageMaker need, on this
 * stack's ARNs only (proven by `test/serving/servingIam.spec.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { bucketObjectsArn, PolicyStatement } from "../core/iam";
import { ECR_PULL_ACTIONS } from "./modelRegistry";
import { SERVING_DEFAULTS } from "./servingSpec";

/** Inputs of `endpointRoleStatements`. */
export interface EndpointRoleScope {
    /** Endpoint name (its log group is `/aws/sagemaker/Endpoints/<name>`). */
    readonly endpointName: string;
    /** Account the stack deploys into. */
    readonly accountId: pulumi.Input<string>;
    /** Region the stack deploys into. */
    readonly region: pulumi.Input<string>;
    /** AWS partition. */
    readonly partition: pulumi.Input<string>;
    /** Serving image repository. */
    readonly repositoryArn: pulumi.Input<string>;
    /** The endpoint's model artifacts (`arn:aws:s3:::<bucket>/<prefix>*`). */
    readonly modelObjectsArn: pulumi.Input<string>;
    /** Online-store tables the container reads. */
    readonly featureTableArns: pulumi.Input<pulumi.Input<string>[]>;
    /** The Feast registry object, when the container uses the Feast SDK. */
    readonly featureRegistryObjectArn?: pulumi.Input<string>;
    /** Data-capture bucket, when capture is on. */
    readonly dataCaptureBucketArn?: pulumi.Input<string>;
    /** The stack's KMS key. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** The endpoint's subnets and security group, when it runs in a VPC. */
    readonly vpc?: {
        readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
        readonly securityGroupId: pulumi.Input<string>;
    };
}

/** The execution role's statements, each Sid naming what needs it. */
export function endpointRoleStatements(scope: EndpointRoleScope): PolicyStatement[] {
    const { accountId, region, partition, endpointName } = scope;
    const logGroupArn = pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:/aws/sagemaker/Endpoints/${endpointName}`;
    const statements: PolicyStatement[] = [
        { Sid: "PullServingImage", Action: ECR_PULL_ACTIONS, Resource: scope.repositoryArn },
        // GetAuthorizationToken has no resource-level permissions: "*" is the only valid resource.
        { Sid: "EcrAuthorizationToken", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "ReadModelArtifacts", Action: "s3:GetObject", Resource: scope.modelObjectsArn },
        {
            Sid: "ReadOnlineFeatures",
            Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"],
            Resource: scope.featureTableArns,
        },
        ...(scope.featureRegistryObjectArn !== undefined
            ? [{ Sid: "ReadFeastRegistry", Action: "s3:GetObject", Resource: scope.featureRegistryObjectArn }]
            : []),
        ...(scope.dataCaptureBucketArn !== undefined
            ? [
                  {
                      Sid: "WriteDataCapture",
                      Action: "s3:PutObject",
                      Resource: bucketObjectsArn(
                          scope.dataCaptureBucketArn,
                          `${SERVING_DEFAULTS.dataCapturePrefix}/${endpointName}/`,
                      ),
                  },
              ]
            : []),
        {
            Sid: "EndpointLogs",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            // `<group>:*` as well as the bare group: CreateLogStream/DescribeLogStreams are evaluated against
            // `log-group:<name>:*` and PutLogEvents against `:log-stream:<stream>`, both matched by it
            // (and not by another endpoint whose name merely starts with this one).
            Resource: [logGroupArn, pulumi.interpolate`${logGroupArn}:*`],
        },
        {
            Sid: "UseStackKey",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: scope.kmsKeyArn,
            Condition: {
                StringEquals: {
                    "kms:ViaService": ["s3", "dynamodb", "ecr"].map(
                        (s) => pulumi.interpolate`${s}.${region}.amazonaws.com`,
                    ),
                },
            },
        },
    ];
    if (scope.vpc !== undefined) {
        statements.push(
            {
                Sid: "VpcNetworkInterfaces",
                Action: [
                    "ec2:CreateNetworkInterface",
                    "ec2:CreateNetworkInterfacePermission",
                    "ec2:DeleteNetworkInterface",
                ],
                Resource: pulumi
                    .all([pulumi.output(scope.vpc.subnetIds), scope.vpc.securityGroupId, partition, region, accountId])
                    .apply(([subnets, sg, p, r, a]) => [
                        `arn:${p}:ec2:${r}:${a}:network-interface/*`,
                        `arn:${p}:ec2:${r}:${a}:security-group/${sg}`,
                        ...subnets.map((s) => `arn:${p}:ec2:${r}:${a}:subnet/${s}`),
                    ]),
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
        );
    }
    return statements;
}

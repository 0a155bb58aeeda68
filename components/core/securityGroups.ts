/** Security groups the platform's SageMaker workloads share. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * A security group with no inbound rule and HTTPS out only: what a SageMaker container in VPC mode
 * needs to reach the AWS service endpoints (S3, DynamoDB, ECR, CloudWatch).
 */
export function httpsEgressOnlySecurityGroup(
    name: string,
    args: { readonly vpcId: pulumi.Input<string>; readonly description: string; readonly tags: Record<string, string> },
    opts: pulumi.CustomResourceOptions,
): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(
        name,
        {
            vpcId: args.vpcId,
            description: args.description,
            egress: [
                {
                    description: "HTTPS to AWS service endpoints",
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: ["0.0.0.0/0"],
                },
            ],
            tags: args.tags,
        },
        opts,
    );
}

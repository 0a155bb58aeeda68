/** The MWAA environment's security group: traffic only between its own members, plus HTTPS from listed clients. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Creates the MWAA environment's security group. */
export function mwaaSecurityGroup(
    name: string,
    environmentName: string,
    args: {
        readonly vpcId: pulumi.Input<string>;
        readonly webserverClientSecurityGroupIds?: pulumi.Input<string>[];
    },
    tags: Record<string, string>,
    opts: pulumi.CustomResourceOptions,
): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(
        name,
        {
            vpcId: args.vpcId,
            description: `MWAA environment ${environmentName}: traffic only between its own members`,
            ingress: [
                {
                    description:
                        "All traffic from members of this group " +
                        "(MWAA workers, schedulers, webserver, metadata DB endpoint)",
                    protocol: "-1",
                    fromPort: 0,
                    toPort: 0,
                    self: true,
                },
                ...(args.webserverClientSecurityGroupIds ?? []).map((sg) => ({
                    description: "HTTPS to the private Airflow UI/API from an allowed client security group",
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    securityGroups: [sg],
                })),
            ],
            egress: [
                {
                    description: "All traffic to members of this group",
                    protocol: "-1",
                    fromPort: 0,
                    toPort: 0,
                    self: true,
                },
                {
                    description:
                        "HTTPS to AWS APIs (S3, SQS, CloudWatch, KMS, Redshift Data, DynamoDB) " +
                        "and PyPI through the NAT gateway",
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: ["0.0.0.0/0"],
                },
            ],
            tags,
        },
        opts,
    );
}

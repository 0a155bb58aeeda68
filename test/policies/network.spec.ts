import * as assert from "assert";
import {
    privateSubnetNoPublicIp,
    securityGroupDescriptions,
    securityGroupNoPublicIngress,
    vpcFlowLogs,
} from "../../policies/rules/network";
import { StackResource, checkResource, checkStack, messages, withChange } from "./harness";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const sg = {
    description: "MWAA workers and webserver",
    vpcId: "vpc-1",
    ingress: [{ description: "self", protocol: "-1", fromPort: 0, toPort: 0, self: true }],
    egress: [{ description: "HTTPS out", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
};
const res = (props: Record<string, unknown>) => ({ type: SG, name: "airflow", props });

describe("policies/network", () => {
    describe("vpc-flow-logs", () => {
        const vpc = (flow: boolean): StackResource[] => [
            { type: "awsx:ec2:Vpc", name: "vpc", props: { vpcId: "vpc-1" } },
            { type: "aws:ec2/vpc:Vpc", name: "vpc-inner", parent: "vpc", props: { cidrBlock: "10.0.0.0/16" } },
            ...(flow
                ? [
                      {
                          type: "aws:ec2/flowLog:FlowLog",
                          name: "vpc-flow",
                          deps: { vpcId: ["vpc"] },
                          props: { vpcId: "vpc-1", trafficType: "ALL" },
                      },
                  ]
                : []),
        ];
        it("passes an awsx VPC with a flow log (its inner VPC included)", async () => {
            assert.deepStrictEqual(await checkStack(vpcFlowLogs, vpc(true)), []);
        });
        it("reports each VPC without a flow log", async () => {
            assert.deepStrictEqual(messages(await checkStack(vpcFlowLogs, vpc(false))), [
                'VPC "vpc" has no flow log; add an aws.ec2.FlowLog with vpcId set to it.',
                'VPC "vpc-inner" has no flow log; add an aws.ec2.FlowLog with vpcId set to it.',
            ]);
        });
        it("matches by value without dependencies", async () => {
            assert.deepStrictEqual(
                await checkStack(
                    vpcFlowLogs,
                    vpc(true).map((r) => ({ ...r, deps: undefined })),
                ),
                [],
            );
        });
    });

    describe("security-group-no-public-ingress", () => {
        it("passes self and VPC ingress, ignores open egress", async () => {
            assert.deepStrictEqual(await checkResource(securityGroupNoPublicIngress, res(sg)), []);
        });
        it("reports 0.0.0.0/0 and ::/0 ingress on groups and rules", async () => {
            const open = withChange(sg, "ingress", [
                {
                    description: "web",
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: ["10.0.0.0/16", "0.0.0.0/0"],
                    ipv6CidrBlocks: ["::/0"],
                },
            ]);
            assert.deepStrictEqual(await checkResource(securityGroupNoPublicIngress, res(open)), [
                'security group "airflow" ingress[0] allows 0.0.0.0/0 on port 443; restrict the source.',
                'security group "airflow" ingress[0] allows ::/0 on port 443; restrict the source.',
            ]);
            const rule = {
                type: "aws:ec2/securityGroupRule:SecurityGroupRule",
                name: "ssh",
                props: {
                    type: "ingress",
                    protocol: "tcp",
                    fromPort: 22,
                    toPort: 22,
                    cidrBlocks: ["0.0.0.0/0"],
                    securityGroupId: "sg-1",
                },
            };
            assert.deepStrictEqual(await checkResource(securityGroupNoPublicIngress, rule), [
                'security group rule "ssh" allows ingress from 0.0.0.0/0 on port 22; restrict the source.',
            ]);
            assert.deepStrictEqual(
                await checkResource(securityGroupNoPublicIngress, {
                    ...rule,
                    props: { ...rule.props, type: "egress" },
                }),
                [],
            );
            const ingressRule = {
                type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                name: "all",
                props: { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1" },
            };
            assert.deepStrictEqual(await checkResource(securityGroupNoPublicIngress, ingressRule), [
                'security group ingress rule "all" allows 0.0.0.0/0 on all ports; restrict the source.',
            ]);
        });
    });

    describe("security-group-descriptions", () => {
        it("passes described groups and rules", async () => {
            assert.deepStrictEqual(await checkResource(securityGroupDescriptions, res(sg)), []);
        });
        it("reports the default description and undescribed rules", async () => {
            assert.deepStrictEqual(
                await checkResource(
                    securityGroupDescriptions,
                    res({ ...withChange(sg, "egress.0.description", undefined), description: "Managed by Pulumi" }),
                ),
                [
                    'security group "airflow" has no description; say what it protects.',
                    'security group "airflow" egress[0] has no description; say what the rule is for.',
                ],
            );
            assert.deepStrictEqual(
                await checkResource(securityGroupDescriptions, {
                    type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
                    name: "out",
                    props: { ipProtocol: "-1" },
                }),
                ['security group rule "out" has no description; say what it is for.'],
            );
        });
    });

    describe("private-subnet-no-public-ip", () => {
        const subnet = (name: string, props: Record<string, unknown>) => ({
            type: "aws:ec2/subnet:Subnet",
            name,
            props,
        });
        it("reports a private subnet mapping public IPs", async () => {
            assert.deepStrictEqual(
                await checkResource(
                    privateSubnetNoPublicIp,
                    subnet("vpc-private-1", { mapPublicIpOnLaunch: true, tags: { SubnetType: "Private" } }),
                ),
                ['private subnet "vpc-private-1" auto-assigns public IPs; set mapPublicIpOnLaunch to false.'],
            );
        });
        it("allows public subnets and private ones without public IPs", async () => {
            assert.deepStrictEqual(
                await checkResource(
                    privateSubnetNoPublicIp,
                    subnet("vpc-public-1", { mapPublicIpOnLaunch: true, tags: { SubnetType: "Public" } }),
                ),
                [],
            );
            assert.deepStrictEqual(
                await checkResource(privateSubnetNoPublicIp, subnet("vpc-public-2", { mapPublicIpOnLaunch: true })),
                [],
            );
            assert.deepStrictEqual(
                await checkResource(privateSubnetNoPublicIp, subnet("vpc-private-1", { mapPublicIpOnLaunch: false })),
                [],
            );
        });
    });
});

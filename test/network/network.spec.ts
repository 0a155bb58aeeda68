import * as assert from "assert";
import { rfmFeatureStore } from "../support/platformConfigFixtures";
import { Network } from "../../components/network/network";
import { ConfigError } from "../../components/core/configErrors";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { errorMessage, policyOf, statement } from "../support/helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";
const TAGS = { environment: "dev", "managed-by": "pulumi", team: "ml" };

function platformProblems(raw: Record<string, unknown>): string[] {
    try {
        parsePlatformConfig({
            featureStore: rfmFeatureStore(),
            ...raw,
        });
    } catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        return [...err.problems];
    }
    return assert.fail("expected the config to be rejected");
}

describe("Network", () => {
    describe("generated VPC in dev", () => {
        let rec: ResourceRecorder;
        let network: Network;
        before(async () => {
            rec = startMockRun({ stack: "dev" });
            network = new Network("net", { environment: "dev", kmsKeyArn: KEY, tags: { team: "ml" } });
            await settle();
        });

        it("registers one awsx VPC, a flow log, its log group, role and policy", () => {
            assert.deepStrictEqual(rec.resources.map((r) => r.type).sort(), [
                "aws:cloudwatch/logGroup:LogGroup",
                "aws:ec2/flowLog:FlowLog",
                "aws:iam/role:Role",
                "aws:iam/rolePolicy:RolePolicy",
                "awsx:ec2:Vpc",
                "mlops-platform:index:Network",
            ]);
            const component = rec.named("mlops-platform:index:Network", "net");
            assert.ok(
                rec.resources
                    .filter((r) => r.custom || r.type === "awsx:ec2:Vpc")
                    .every((r) => r.parent === component.urn),
            );
        });

        it(
            "asks awsx for private + public subnets in 3 AZs (Redshift Serverless needs three) behind a single " +
                "NAT gateway",
            () => {
                const vpc = rec.named("awsx:ec2:Vpc", "net");
                assert.strictEqual(vpc.inputs.numberOfAvailabilityZones, 3);
                assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: "Single" });
                assert.deepStrictEqual(
                    (vpc.inputs.subnetSpecs as { type: string }[]).map((s) => s.type),
                    ["Private", "Public"],
                );
                assert.strictEqual(vpc.inputs.enableDnsHostnames, true);
                assert.deepStrictEqual(vpc.inputs.tags, TAGS);
            },
        );

        it("exposes the VPC id and its private subnets", async () => {
            const vpc = rec.named("awsx:ec2:Vpc", "net");
            assert.strictEqual(await valueOf(network.vpcId), vpc.outputs.vpcId);
            const subnets = await valueOf(network.privateSubnetIds);
            assert.deepStrictEqual(subnets, vpc.outputs.privateSubnetIds);
            assert.strictEqual(subnets.length, 3);
        });

        it("logs all traffic to an encrypted log group with the dev retention", () => {
            const group = rec.named("aws:cloudwatch/logGroup:LogGroup", "net-flow-logs");
            assert.deepStrictEqual(group.inputs, {
                namePrefix: "/vpc/net/flow-logs-",
                retentionInDays: 30,
                kmsKeyId: KEY,
                tags: TAGS,
            });
            const flowLog = rec.named("aws:ec2/flowLog:FlowLog", "net");
            const role = rec.named("aws:iam/role:Role", "net-flow-logs");
            assert.deepStrictEqual(flowLog.inputs, {
                vpcId: rec.named("awsx:ec2:Vpc", "net").outputs.vpcId,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: group.outputs.arn,
                iamRoleArn: role.outputs.arn,
                maxAggregationInterval: 60,
                tags: TAGS,
            });
        });

        it("delivers with a role trusted by vpc-flow-logs for this account only, writing only that log group", () => {
            const role = rec.named("aws:iam/role:Role", "net-flow-logs");
            const trust = statement(role, "AssumeByServiceForThisAccount", "assumeRolePolicy");
            assert.deepStrictEqual(trust.Principal, { Service: ["vpc-flow-logs.amazonaws.com"] });
            assert.deepStrictEqual(trust.Condition, {
                StringEquals: { "aws:SourceAccount": "123456789012" },
                ArnLike: { "aws:SourceArn": ["arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*"] },
            });
            const policy = rec.named("aws:iam/rolePolicy:RolePolicy", "net-flow-logs");
            const arn = rec.named("aws:cloudwatch/logGroup:LogGroup", "net-flow-logs").outputs.arn;
            assert.deepStrictEqual(policyOf(policy).Statement, [
                {
                    Effect: "Allow",
                    Sid: "DeliverFlowLogsToThisLogGroup",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    Resource: [arn, `${arn}:*`],
                },
            ]);
        });
    });

    describe("generated VPC in prod", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "prod" });
            new Network("net", { environment: "prod", kmsKeyArn: KEY, cidrBlock: "10.20.0.0/16" });
            await settle();
        });

        it("defaults to 3 AZs with one NAT gateway per AZ and 365-day flow-log retention", () => {
            const vpc = rec.named("awsx:ec2:Vpc", "net");
            assert.strictEqual(vpc.inputs.numberOfAvailabilityZones, 3);
            assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: "OnePerAz" });
            assert.strictEqual(vpc.inputs.cidrBlock, "10.20.0.0/16");
            assert.strictEqual((vpc.outputs.privateSubnetIds as string[]).length, 3);
            const group = rec.named("aws:cloudwatch/logGroup:LogGroup", "net-flow-logs");
            assert.strictEqual(group.inputs.retentionInDays, 365);
            assert.strictEqual(group.protect && group.retainOnDelete, true);
        });

        it("honours natGateways: single and availabilityZones when set", async () => {
            new Network("small", { environment: "prod", kmsKeyArn: KEY, natGateways: "single", availabilityZones: 2 });
            await settle();
            const vpc = rec.named("awsx:ec2:Vpc", "small");
            assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: "Single" });
            assert.strictEqual(vpc.inputs.numberOfAvailabilityZones, 2);
        });
    });

    describe("bring your own VPC", () => {
        let rec: ResourceRecorder;
        let network: Network;
        const subnets = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"];
        before(async () => {
            rec = startMockRun({ stack: "dev" });
            network = new Network("byo", {
                environment: "dev",
                vpcId: "vpc-0123456789abcdef0",
                privateSubnetIds: subnets,
            });
            await settle();
        });

        it("creates no VPC, NAT gateway or flow log and passes the ids through", async () => {
            assert.deepStrictEqual(
                rec.resources.map((r) => r.type),
                ["mlops-platform:index:Network"],
            );
            assert.strictEqual(await valueOf(network.vpcId), "vpc-0123456789abcdef0");
            assert.deepStrictEqual(await valueOf(network.privateSubnetIds), subnets);
        });
    });

    describe("rejects bad input before registering anything", () => {
        let rec: ResourceRecorder;
        before(() => {
            rec = startMockRun({ stack: "dev" });
        });
        afterEach(() => assert.strictEqual(rec.resources.length, 0));

        it("one private subnet", () => {
            const message = errorMessage(
                () =>
                    new Network("n", {
                        environment: "dev",
                        vpcId: "vpc-0123456789abcdef0",
                        privateSubnetIds: ["subnet-0123456789abcdef0"],
                    }),
            );
            assert.match(message, /privateSubnetIds: needs at least 2 private subnets/);
        });

        it("subnets without a VPC id", () => {
            const message = errorMessage(
                () =>
                    new Network("n", {
                        environment: "dev",
                        privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
                    }),
            );
            assert.match(message, /vpcId: is required when privateSubnetIds is set/);
        });

        it("NAT settings on a brought VPC", () => {
            const message = errorMessage(
                () =>
                    new Network("n", {
                        environment: "dev",
                        vpcId: "vpc-0123456789abcdef0",
                        privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
                        natGateways: "single",
                    }),
            );
            assert.match(message, /natGateways: applies only to the generated VPC/);
        });

        it("a single AZ", () => {
            assert.match(
                errorMessage(() => new Network("n", { environment: "dev", kmsKeyArn: KEY, availabilityZones: 1 })),
                /availabilityZones/,
            );
        });

        it("a generated VPC without a key for its flow logs", () => {
            assert.match(
                errorMessage(() => new Network("n", { environment: "dev" })),
                /kmsKeyArn is required/,
            );
        });
    });

    describe("stack config", () => {
        it("names mlops-platform:network.privateSubnetIds for one subnet", () => {
            const problems = platformProblems({
                environment: "dev",
                network: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0123456789abcdef0"] },
            });
            assert.ok(
                problems.some((p) => p.startsWith("mlops-platform:network.privateSubnetIds: needs at least 2")),
                problems.join("\n"),
            );
        });

        it("names mlops-platform:network.natGateways for an unknown strategy", () => {
            const problems = platformProblems({ environment: "dev", network: { natGateways: "none" } });
            assert.ok(
                problems.some((p) => p.startsWith("mlops-platform:network.natGateways: must be one of")),
                problems.join("\n"),
            );
        });
    });
});

/**
 * The arguments the platform hands awsx. Under mocks the awsx VPC is one opaque resource, so the
 * subnets, routes and NAT gateways awsx builds are never planned; what awsx does with these
 * arguments is read from its source (pulumi/pulumi-awsx, awsx/ec2/vpc.ts, `Vpc.initialize`):
 * - a subnet gets `mapPublicIpOnLaunch: spec.type.toLowerCase() === "public"` — private subnets never
 *   map public IPs, so the workloads' subnets must be the `Private` spec;
 * - NAT gateways are created only in `public` subnets (`shouldCreateNatGateway`), one per AZ for
 *   `OnePerAz`, the first AZ's for `Single`; private subnets route 0.0.0.0/0 to them;
 * - `subnetStrategy` "Legacy" (the default) ignores custom specs' layout, so "Auto" is passed.
 */
import * as assert from "assert";
import { Network } from "../../components/network/network";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";

for (const [environment, strategy] of [
    ["dev", "Single"],
    ["prod", "OnePerAz"],
] as const) {
    describe(`arguments handed to awsx (${environment})`, () => {
        let rec: ResourceRecorder;
        let inputs: Record<string, unknown>;
        before(async () => {
            rec = startMockRun({ stack: environment });
            new Network("net", { environment, kmsKeyArn: KEY, tags: { team: "ml" } });
            await settle();
            inputs = rec.named("awsx:ec2:Vpc", "net").inputs;
        });

        it(
            "asks for exactly one Private and one Public subnet spec, no Isolated/Unused and no IPv6 " +
                "auto-assignment",
            () => {
                const specs = inputs.subnetSpecs as Record<string, unknown>[];
                assert.deepStrictEqual(
                    specs.map((s) => [s.type, s.name]),
                    [
                        ["Private", "private"],
                        ["Public", "public"],
                    ],
                );
                for (const s of specs) {
                    assert.strictEqual(s.assignIpv6AddressOnCreation, undefined);
                    assert.strictEqual(s.cidrBlocks, undefined, "awsx derives the CIDRs");
                }
                assert.strictEqual(inputs.subnetStrategy, "Auto");
            },
        );

        it(`places NAT gateways with strategy ${strategy} (awsx puts them in the public subnets only)`, () => {
            assert.deepStrictEqual(inputs.natGateways, { strategy });
            assert.strictEqual(inputs.numberOfAvailabilityZones, 3);
            assert.strictEqual(inputs.vpcEndpointSpecs, undefined);
        });

        it("turns flow logs on for the VPC, all traffic, to the KMS-encrypted log group", () => {
            const vpc = rec.named("awsx:ec2:Vpc", "net");
            const flow = rec.resources.filter((r) => r.type === "aws:ec2/flowLog:FlowLog");
            assert.strictEqual(flow.length, 1);
            assert.strictEqual(flow[0].inputs.vpcId, vpc.outputs.vpcId);
            assert.strictEqual(flow[0].inputs.trafficType, "ALL");
            const group = rec.resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup");
            assert.strictEqual(group?.inputs.kmsKeyId, KEY);
        });

        it("hands workloads the private subnets only", async () => {
            const vpc = rec.named("awsx:ec2:Vpc", "net");
            const priv = vpc.outputs.privateSubnetIds as string[];
            const pub = vpc.outputs.publicSubnetIds as string[];
            assert.strictEqual(priv.length, 3);
            assert.deepStrictEqual(
                priv.filter((s) => pub.includes(s)),
                [],
            );
        });
    });
}

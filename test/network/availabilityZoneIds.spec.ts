/**
 * The generated VPC placed by AZ ID (`network.availabilityZoneIds`). Redshift Serverless needs subnets in
 * "at least three of the supported Availability Zone IDs" (Redshift management guide, serverless-usage-
 * considerations.html); that page, its China-Region copy and the older serverless-known-issues.html carry no
 * table of them, and neither do the docs, pages and issues corpora searched, so no default is safe and the
 * key is required with the serverless engine.
 */
import * as assert from "assert";
import { ConfigError } from "../../components/core/configErrors";
import { azIdPrefix, zoneNamesForIds } from "../../components/network/availabilityZoneIds";
import { Network } from "../../components/network/network";
import { targetProblems } from "../../components/platform/limits";
import { MlopsPlatform } from "../../components/platform/mlopsPlatform";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { configProblems, minimalPlatformConfig } from "../support/platformConfigFixtures";
import { recordedPlan } from "../support/recordedPlans";

const KEY = "mlops-platform:network.availabilityZoneIds";
const KMS = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";

function withNetwork(network: Record<string, unknown> | undefined, engine?: string): Record<string, any> {
    const c = minimalPlatformConfig();
    if (network === undefined) delete c.network;
    else c.network = network;
    if (engine !== undefined) c.featureStore.offlineStore = { engine };
    return c;
}

describe("network.availabilityZoneIds", () => {
    describe("config", () => {
        it("is required with the redshift-serverless engine and a generated VPC, naming the key", () => {
            const problems = configProblems(withNetwork(undefined));
            assert.strictEqual(problems.length, 1);
            assert.match(problems[0], new RegExp(`^${KEY}: is required with engine redshift-serverless`));
            assert.deepStrictEqual(configProblems(withNetwork({ natGateways: "single", availabilityZones: 3 })), [
                problems[0],
            ]);
        });

        it("is not required with redshift-cluster or a brought VPC", () => {
            assert.deepStrictEqual(configProblems(withNetwork(undefined, "redshift-cluster")), []);
            const own = {
                vpcId: "vpc-0a1b2c3d4e5f60000",
                privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"],
            };
            assert.deepStrictEqual(configProblems(withNetwork(own)), []);
        });

        it("needs three for Redshift Serverless, two for the cluster engine", () => {
            const two = { availabilityZoneIds: ["use1-az1", "use1-az2"] };
            assert.deepStrictEqual(configProblems(withNetwork(two)), [
                `${KEY}: needs at least 3 (Redshift Serverless requires subnets in three AZs); ` +
                    "use engine redshift-cluster for two",
            ]);
            assert.deepStrictEqual(configProblems(withNetwork(two, "redshift-cluster")), []);
        });

        it("refuses AZ names, Local Zone IDs, duplicates and more than six, naming the key", () => {
            const format = "must be an AZ ID like use1-az1 (not an AZ name like us-east-1a)";
            const ids = (availabilityZoneIds: string[]) => configProblems(withNetwork({ availabilityZoneIds }));
            assert.deepStrictEqual(ids(["us-east-1a", "use1-az2", "use1-az4"]), [`${KEY}[0]: ${format}`]);
            assert.deepStrictEqual(ids(["use1-az1", "use1-bos1-az1", "use1-az4"]), [`${KEY}[1]: ${format}`]);
            assert.deepStrictEqual(ids(["use1-az1", "use1-az1", "use1-az4"]), [`${KEY}: lists an AZ ID twice`]);
            const seven = [1, 2, 3, 4, 5, 6, 7].map((n) => `use1-az${n}`);
            assert.match(ids(seven)[0], new RegExp(`^${KEY.replace(/\./g, "\\.")}: Too big`));
        });

        it("excludes availabilityZones and a brought VPC", () => {
            const both = { availabilityZones: 3, availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az4"] };
            assert.deepStrictEqual(configProblems(withNetwork(both)), [
                "mlops-platform:network.availabilityZones: set availabilityZoneIds or availabilityZones, not both " +
                    "(the IDs give the count)",
            ]);
            const own = {
                vpcId: "vpc-0a1b2c3d4e5f60000",
                privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"],
                availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az4"],
            };
            assert.deepStrictEqual(configProblems(withNetwork(own)), [
                `${KEY}: applies only to the generated VPC; remove it when bringing vpcId`,
            ]);
        });
    });

    describe("the stack's Region", () => {
        // AZ IDs per Region as AWS's tables spell them (AWS Availability Zones; MemoryDB's supported AZ IDs).
        for (const [region, prefix] of [
            ["us-east-1", "use1"],
            ["us-east-2", "use2"],
            ["us-west-1", "usw1"],
            ["us-west-2", "usw2"],
            ["ca-central-1", "cac1"],
            ["ap-east-1", "ape1"],
            ["ap-south-1", "aps1"],
            ["ap-northeast-1", "apne1"],
            ["ap-northeast-2", "apne2"],
            ["ap-southeast-1", "apse1"],
            ["eu-west-1", "euw1"],
        ] as const) {
            it(`${region}: AZ IDs start ${prefix}-az`, () => assert.strictEqual(azIdPrefix(region), prefix));
        }

        it("leaves Regions whose AZ ID spelling AWS does not show unchecked", () => {
            for (const region of ["us-iso-east-1", "eusc-de-east-1", "us-isob-east-1"]) {
                assert.strictEqual(azIdPrefix(region), undefined, region);
                assert.deepStrictEqual(
                    targetProblems({ network: { availabilityZoneIds: ["abc1-az1"] } }, { region }),
                    [],
                );
            }
        });

        it("refuses AZ IDs of another Region, naming the key", () => {
            const network = { availabilityZoneIds: ["euw1-az1", "use1-az2", "use1-az4"] };
            assert.deepStrictEqual(targetProblems({ network }, { region: "us-east-1" }), [
                `${KEY}: euw1-az1 is not an AZ ID of us-east-1 (its AZ IDs are use1-az<n>)`,
            ]);
            assert.deepStrictEqual(targetProblems({ network }, { region: "us-east-2" }).length, 3);
        });

        it("MlopsPlatform refuses them before registering anything", () => {
            const rec = startMockRun({ config: { "aws:region": "eu-west-1" } });
            const config = withNetwork({ availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az4"] });
            assert.throws(
                () => new MlopsPlatform("mlops-dev", config as never),
                (err: unknown) => err instanceof ConfigError && err.message.includes(`${KEY}: use1-az1 is not`),
            );
            assert.strictEqual(rec.resources.length, 0);
        });
    });

    describe("mapping IDs to this account's names", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "prod" });
            const ids = ["use1-az4", "use1-az1", "use1-az2"];
            new Network("net", { environment: "prod", kmsKeyArn: KMS, availabilityZoneIds: ids });
            await settle();
        });

        it("hands awsx the names the account maps the IDs to, in the configured order, and no count", () => {
            // The mock account maps us-east-1a..f to use1-az6, az1, az2, az4, az3, az5 (not in ID order).
            const vpc = rec.named("awsx:ec2:Vpc", "net");
            assert.deepStrictEqual(vpc.inputs.availabilityZoneNames, ["us-east-1d", "us-east-1b", "us-east-1c"]);
            assert.strictEqual(vpc.inputs.numberOfAvailabilityZones, undefined);
            assert.strictEqual((vpc.outputs.privateSubnetIds as string[]).length, 3);
        });

        it("fails naming the key for an ID the account does not list", () => {
            const listing = { names: ["us-east-1b", "us-east-1c"], zoneIds: ["use1-az1", "use1-az2"] };
            assert.deepStrictEqual(zoneNamesForIds(listing, ["use1-az2", "use1-az1"], KEY), [
                "us-east-1c",
                "us-east-1b",
            ]);
            assert.throws(
                () => zoneNamesForIds(listing, ["use1-az1", "use1-az7"], KEY),
                new RegExp(`^Error: ${KEY}: use1-az7 not among this account's zones`),
            );
        });

        it("the prod plan places its VPC in use1-az1, az2 and az4 (us-east-1b, c and d of the mock account)", () => {
            const vpc = recordedPlan("prod").doc.resources.find((r) => r.type === "awsx:ec2:Vpc")!;
            assert.deepStrictEqual(vpc.inputs.availabilityZoneNames, ["us-east-1b", "us-east-1c", "us-east-1d"]);
        });
    });
});

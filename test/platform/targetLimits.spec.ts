/**
 * Limits that depend on the final names and the deployment target (components/platform/limits/):
 * MWAA and Redshift names built from the stack name, the region and partition, ARNs and image URIs
 * of another region, partition or account, and Redshift Serverless bases AWS offers in five regions.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../components/core/configErrors";
import { partitionOf, platformLimitProblems, readDeploymentTarget } from "../../components/platform/limits";
import { MlopsPlatform } from "../../components/platform/mlopsPlatform";
import { startMockRun } from "../../tools/plan/recorder";
import { describeFailure, planOutput } from "../../tools/plan/plan";
import { projectDir } from "../support/fixtures";

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OIDC_ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

describe("AWS limits on the final MWAA/Redshift names and on the deployment target", function () {
    this.timeout(120_000);

    describe("names built from the stack name", () => {
        it("a stack name with a '.' breaks the MWAA environment name (API_CreateEnvironment pattern)", () => {
            const problems = platformLimitProblems("mlops-team.a", {});
            assert.ok(
                problems.includes(
                    'stack name (root name "mlops-team.a"): MWAA environment name "mlops-team.a-airflow" must start ' +
                        "with a letter and hold only letters, digits, - and _ (max 80 characters; it is 20)",
                ),
                problems.join("\n"),
            );
        });

        it("a stack name that makes <root>-airflow longer than 80 characters is refused; disabled MWAA is not", () => {
            const root = `mlops-${"m".repeat(67)}`; // + "-airflow" = 81
            const expected =
                `stack name (root name "${root}"): MWAA environment name "${root}-airflow" must start with a letter ` +
                "and hold only letters, digits, - and _ (max 80 characters; it is 81)";
            assert.ok(platformLimitProblems(root, {}).includes(expected));
            assert.ok(!platformLimitProblems(root, { orchestration: { enabled: false } }).includes(expected));
        });

        it("a stack name with '--' gives a cluster identifier Redshift refuses (two consecutive hyphens)", () => {
            const featureStore = {
                project: "p",
                offlineStore: { engine: "redshift-cluster" as const },
                featureViews: [],
            };
            assert.deepStrictEqual(platformLimitProblems("mlops-a--b", { featureStore } as never), [
                'stack name (root name "mlops-a--b"): Redshift cluster identifier "mlops-a--b-features" must be ' +
                    "1-63 of a-z, 0-9 and single hyphens, starting with a letter",
            ]);
            // Serverless namespace/workgroup names allow it.
            assert.deepStrictEqual(platformLimitProblems("mlops-a--b", {}), []);
        });
    });

    describe("region, partition and account", () => {
        it("an unknown aws:region is refused, naming aws:region", () => {
            const [problem] = platformLimitProblems("mlops-prod", {}, { region: "us-moon-1" });
            assert.match(problem, /^aws:region: "us-moon-1" is not an AWS region \(known: af-south-1, .*us-east-1/);
        });

        it("partitions follow the region prefix", () => {
            assert.deepStrictEqual(
                ["us-east-1", "cn-north-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "eusc-de-east-1"].map(
                    partitionOf,
                ),
                ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-eusc"],
            );
        });

        it("a KMS key of another region or partition names encryption.kmsKeyArn", () => {
            const other = { encryption: { kmsKeyArn: KEY_ARN.replace("us-east-1", "eu-west-1") } };
            assert.deepStrictEqual(platformLimitProblems("mlops-prod", other, { region: "us-east-1" }), [
                "mlops-platform:encryption.kmsKeyArn: ARN is in region eu-west-1; the stack deploys to us-east-1",
            ]);
            const cn = { encryption: { kmsKeyArn: KEY_ARN.replace("arn:aws:", "arn:aws-cn:") } };
            assert.deepStrictEqual(platformLimitProblems("mlops-prod", cn, { region: "us-east-1" }), [
                "mlops-platform:encryption.kmsKeyArn: ARN is in partition aws-cn; region us-east-1 is in aws",
            ]);
            assert.deepStrictEqual(
                platformLimitProblems("mlops-prod", { encryption: { kmsKeyArn: KEY_ARN } }, { region: "us-east-1" }),
                [],
            );
        });

        it("ARNs of an account outside aws:allowedAccountIds, or of two accounts, name their keys", () => {
            const config = {
                encryption: { kmsKeyArn: KEY_ARN },
                ci: { oidcProviderArn: OIDC_ARN.replace("123456789012", "210987654321") },
            };
            assert.deepStrictEqual(
                platformLimitProblems("mlops-prod", config as never, {
                    region: "us-east-1",
                    allowedAccountIds: ["123456789012"],
                }),
                [
                    "mlops-platform:ci.oidcProviderArn: ARN names account 210987654321, " +
                        "not one of aws:allowedAccountIds",
                    "mlops-platform:encryption.kmsKeyArn: names account 123456789012 but ci.oidcProviderArn names " +
                        "210987654321; the platform deploys into one account",
                ],
            );
        });

        it("an analyzer image of another region names serving.monitoring.analyzerImageUri", () => {
            const serving = {
                monitoring: {
                    analyzerImageUri: "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer",
                },
            };
            assert.deepStrictEqual(platformLimitProblems("mlops-prod", { serving } as never, { region: "eu-west-1" }), [
                "mlops-platform:serving.monitoring.analyzerImageUri: image is in us-east-1; the monitoring job runs " +
                    "in eu-west-1 and pulls from its own region",
            ]);
        });
    });

    describe("Redshift Serverless bases above 512 RPU (serverless-capacity.html: five regions)", () => {
        const featureStore = { project: "p", featureViews: [], offlineStore: { baseCapacityRpu: 576 } };

        it("576 RPU is refused in eu-north-1, naming offlineStore.baseCapacityRpu", () => {
            assert.deepStrictEqual(
                platformLimitProblems("mlops-prod", { featureStore } as never, { region: "eu-north-1" }),
                [
                    "mlops-platform:featureStore.offlineStore.baseCapacityRpu: 576 RPU is offered only in us-east-1, " +
                        "us-east-2, us-west-2, eu-west-1, eu-central-1; eu-north-1 allows at most 512",
                ],
            );
        });

        it("576 RPU passes in us-east-1 and eu-central-1", () => {
            for (const region of ["us-east-1", "eu-central-1"])
                assert.deepStrictEqual(platformLimitProblems("mlops-prod", { featureStore } as never, { region }), []);
        });
    });

    describe("wiring: the platform reads the provider's config", () => {
        it("readDeploymentTarget returns aws:region and aws:allowedAccountIds of the run", () => {
            startMockRun({ config: { "aws:region": "eu-west-1", "aws:allowedAccountIds": '["123456789012"]' } });
            assert.deepStrictEqual(readDeploymentTarget(), {
                region: "eu-west-1",
                allowedAccountIds: ["123456789012"],
            });
        });

        it("MlopsPlatform refuses a key of another region before registering anything", () => {
            const rec = startMockRun({ config: { "aws:region": "eu-west-1" } });
            assert.throws(
                () =>
                    new MlopsPlatform("mlops-dev", {
                        environment: "dev",
                        encryption: { kmsKeyArn: KEY_ARN },
                        network: { availabilityZoneIds: ["euw1-az1", "euw1-az2", "euw1-az3"] },
                        featureStore: {
                            project: "customer_segmentation",
                            featureViews: [
                                { name: "fv", entity: "customer", joinKey: "customerid", features: { r: "int32" } },
                            ],
                        },
                    }),
                (err: unknown) =>
                    err instanceof ConfigError &&
                    err.problems.includes(
                        "mlops-platform:encryption.kmsKeyArn: ARN is in region us-east-1; " +
                            "the stack deploys to eu-west-1",
                    ),
            );
            assert.strictEqual(rec.resources.length, 0);
        });

        it("the plan CLI refuses 576 RPU in eu-north-1 with exit 2 and the key", async () => {
            const stackFile = fs
                .readFileSync(path.join(projectDir, "Pulumi.prod.yaml"), "utf8")
                .replace("aws:region: us-east-1", "aws:region: eu-north-1")
                .replace("baseCapacityRpu: 8", "baseCapacityRpu: 576")
                .replace("maxCapacityRpu: 64", "maxCapacityRpu: 1024");
            const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rpu-")), "Pulumi.prod.yaml");
            fs.writeFileSync(file, stackFile);
            // In-process, through what the CLI runs (planOutput); a ConfigError is its exit 2 (describeFailure).
            await assert.rejects(planOutput(["--config-file", file]), (err: unknown) => {
                assert.strictEqual((err as Error).name, "ConfigError");
                assert.match(
                    describeFailure(err),
                    /mlops-platform:featureStore\.offlineStore\.baseCapacityRpu: 576 RPU/,
                );
                return true;
            });
            fs.rmSync(path.dirname(file), { recursive: true, force: true });
        });
    });
});

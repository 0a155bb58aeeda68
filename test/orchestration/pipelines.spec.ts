/**
 * `mlops-platform:pipelines` (issue 10): the pipeline image by tag or digest, per-step compute with
 * environment defaults, the job configuration the DAGs read (with the VPC NetworkConfig of
 * CreateProcessingJob), and the shipped stack files keeping every DAG off until an image is pinned.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../components/core/configErrors";
import { PLACEHOLDER_DIGEST } from "../../components/core/imageReference";
import { pipelineJobConfig } from "../../components/orchestration/pipelineCompute";
import { PIPELINE_DEFAULTS, resolvePipelineSettings } from "../../components/orchestration/pipelineSettings";
import { AirflowVersion, constraintsUrl } from "../../components/orchestration/orchestrationSettings";
import { MlopsPlatform } from "../../components/platform/mlopsPlatform";
import { parsePlatformConfig, readPlatformConfig } from "../../components/platform/platformConfig";
import { PlannedResource, settle, startMockRun } from "../../tools/plan/recorder";
import { loadStack } from "../../tools/plan/stackFiles";
import { projectDir } from "../support/fixtures";
import { SERVERLESS_NETWORK } from "../support/platformConfigFixtures";
import { airflow272StackFile, recordedPlan } from "../support/recordedPlans";

const OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";
const DIGEST = `sha256:${"ab".repeat(32)}`;
const REPO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-dev-airflow-pipeline-image-0000000";

/** The dev stack file's config with `mlops-platform:<section>` replaced. */
function devConfig(edit: (raw: Record<string, unknown>) => void): Record<string, string> {
    const files = loadStack(projectDir, { stack: "dev" });
    const raw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(files.config)) raw[k] = JSON.parse(JSON.stringify(v));
    edit(raw);
    return Object.fromEntries(
        Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    ) as Record<string, string>;
}
const section = (raw: Record<string, unknown>, key: string) => {
    const value = raw[`mlops-platform:${key}`];
    return (typeof value === "string" ? JSON.parse(value) : (value ?? {})) as Record<string, unknown>;
};

/**
 * What dev plans with `version` as its only change: the recorded plans of the shipped file (its own
 * version) and of its 2.7.2 copy (test/support/recordedPlans.ts), any other version planned here.
 */
async function devPlannedWith(version: AirflowVersion): Promise<readonly PlannedResource[]> {
    const shipped = section(
        devConfig(() => undefined),
        "orchestration",
    ).airflowVersion;
    const recorded = version === shipped ? "dev" : version === "2.7.2" ? "airflow272" : undefined;
    if (recorded !== undefined) {
        const run = recordedPlan(recorded);
        assert.strictEqual(run.code, 0, run.stderr);
        return run.doc.resources;
    }
    const rec = startMockRun({ stack: "dev" });
    const config = devConfig((raw) => {
        raw["mlops-platform:orchestration"] = { ...section(raw, "orchestration"), airflowVersion: version };
    });
    new MlopsPlatform("mlops-dev", readPlatformConfig(config));
    await settle();
    return rec.resources;
}

function configError(raw: unknown): string {
    try {
        parsePlatformConfig(raw);
    } catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        return err.message;
    }
    return assert.fail("expected a ConfigError");
}
const minimal = { environment: "dev", network: SERVERLESS_NETWORK, featureStore: { project: "p", featureViews: [] } };

describe("pipelines: image, per-step compute, job configuration", () => {
    describe("config errors name the key", () => {
        it("the all-zeros placeholder digest says what to pin", () => {
            const message = configError({ ...minimal, pipelines: { image: { digest: PLACEHOLDER_DIGEST } } });
            assert.match(
                message,
                new RegExp(
                    "mlops-platform:pipelines\\.image\\.digest: the all-zeros digest is a placeholder: push the " +
                        "pipeline image \\(pipelines/Dockerfile\\) to the pipelineRepositoryUrl output and pin the " +
                        "digest docker push printed",
                ),
            );
        });
        it("both or neither of tag and digest, and a malformed digest", () => {
            assert.match(
                configError({ ...minimal, pipelines: { image: { tag: "v1", digest: DIGEST } } }),
                /mlops-platform:pipelines\.image: set exactly one of tag or digest/,
            );
            assert.match(
                configError({ ...minimal, pipelines: { image: { digest: "sha256:abc" } } }),
                /mlops-platform:pipelines\.image\.digest: must be sha256:<64 hex characters>/,
            );
        });
        it("an instance type, count or volume CreateProcessingJob refuses, and an unknown step", () => {
            const message = configError({
                ...minimal,
                pipelines: {
                    steps: {
                        featureEngineering: { instanceType: "m5.large", instanceCount: 101 },
                        batchScoring: { volumeSizeGb: 0 },
                        training: {},
                    },
                },
            });
            assert.match(
                message,
                /mlops-platform:pipelines\.steps\.featureEngineering\.instanceType: must be an ML instance type/,
            );
            assert.match(message, /mlops-platform:pipelines\.steps\.featureEngineering\.instanceCount: /);
            assert.match(message, /mlops-platform:pipelines\.steps\.batchScoring\.volumeSizeGb: /);
            assert.match(message, /mlops-platform:pipelines\.steps\.training: unknown key/);
        });
        it("pipelines without orchestration", () => {
            assert.match(
                configError({ ...minimal, orchestration: { enabled: false }, pipelines: {} }),
                /mlops-platform:pipelines: the steps run as Processing jobs started by MWAA: remove it or enable/,
            );
        });
    });

    describe("resolution", () => {
        it("takes every unset step and key from the environment's defaults (small in dev)", () => {
            const resolved = resolvePipelineSettings("dev", { steps: { batchScoring: { instanceCount: 2 } } });
            assert.strictEqual(resolved.image, undefined);
            assert.deepStrictEqual(resolved.steps, {
                ...PIPELINE_DEFAULTS.dev,
                batchScoring: { ...PIPELINE_DEFAULTS.dev.batchScoring, instanceCount: 2 },
            });
            for (const step of Object.values(PIPELINE_DEFAULTS.dev))
                assert.strictEqual(step.instanceType, "ml.t3.medium");
            assert.strictEqual(PIPELINE_DEFAULTS.prod.featureEngineering.instanceType, "ml.m5.xlarge");
        });
        it("builds each step's job: image by digest or tag, seconds, the platform's VPC (1-16 subnets)", () => {
            const subnets = Array.from({ length: 18 }, (_, i) => `subnet-${String(i).padStart(17, "0")}`);
            const config = pipelineJobConfig({
                environment: "prod",
                pipelines: { image: { digest: DIGEST }, steps: { feastApply: { maxRuntimeMinutes: 10 } } },
                repositoryUrl: REPO,
                jobPrefix: "mlops-prod-airflow",
                roleArn: "arn:aws:iam::123456789012:role/processing",
                subnetIds: subnets,
                securityGroupId: "sg-0123456789abcdef0",
            });
            assert.strictEqual(config.image, `${REPO}@${DIGEST}`);
            assert.deepStrictEqual(config.network, {
                subnets: subnets.slice(0, 16),
                securityGroupIds: ["sg-0123456789abcdef0"],
            });
            assert.deepStrictEqual(Object.keys(config.steps), [
                "feature-engineering",
                "feast-apply",
                "materialize",
                "batch-scoring",
            ]);
            assert.deepStrictEqual(config.steps["feast-apply"], {
                instanceType: "ml.t3.medium",
                instanceCount: 1,
                volumeSizeGb: 20,
                maxRuntimeSeconds: 600,
            });
            const tagged = pipelineJobConfig({
                environment: "dev",
                pipelines: { image: { tag: "v1" } },
                repositoryUrl: REPO,
                jobPrefix: "p",
                roleArn: "r",
                subnetIds: ["s"],
                securityGroupId: "g",
            });
            assert.strictEqual(tagged.image, `${REPO}:v1`);
        });
        it("the DAGs build CreateProcessingJob from the file: NetworkConfig, compute and stop condition", () => {
            const settings = fs.readFileSync(path.join(projectDir, "airflow", "dags", "mlops_settings.py"), "utf8");
            assert.match(settings, /"NetworkConfig": \{/);
            assert.match(
                settings,
                /"Subnets": network\["subnets"\], "SecurityGroupIds": network\["securityGroupIds"\]/,
            );
            assert.match(settings, /"InstanceType": compute\["instanceType"\]/);
            assert.match(settings, /"MaxRuntimeInSeconds": compute\["maxRuntimeSeconds"\]/);
            assert.match(settings, /with_name\("mlops_pipeline\.json"\)/);
        });
    });

    describe("the shipped dev stack file", () => {
        it("uploads mlops_pipeline.json with no image (every DAG stays undefined) and the dev step sizes", () => {
            const resources = recordedPlan("dev").doc.resources;
            const job = resources.find((o) => o.type === OBJECT && o.inputs.key === "dags/mlops_pipeline.json")!;
            const config = JSON.parse(job.inputs.content as string);
            assert.strictEqual(config.image, null);
            assert.strictEqual(config.steps["feature-engineering"].instanceType, "ml.t3.medium");
            assert.strictEqual(config.network.subnets.length, 3);
            const repo = resources.find(
                (r) => r.type === "aws:ecr/repository:Repository" && r.name === "mlops-dev-airflow-pipeline-image",
            )!;
            assert.strictEqual(repo.inputs.imageTagMutability, "IMMUTABLE");
            assert.deepStrictEqual(repo.inputs.imageScanningConfiguration, { scanOnPush: true });
            assert.strictEqual(
                (repo.inputs.encryptionConfigurations as { encryptionType: string }[])[0]!.encryptionType,
                "KMS",
            );
        });
    });

    describe("a stack file that changes only airflowVersion plans, for every accepted version", () => {
        for (const version of Object.values(AirflowVersion)) {
            const file = constraintsUrl(version).split("/").slice(-2).join("/");
            it(`${version}: no ConfigError, and the platform writes ${file}`, async () => {
                const resources = await devPlannedWith(version);
                const environments = resources.filter((r) => r.type === "aws:mwaa/environment:Environment");
                assert.deepStrictEqual(
                    environments.map((r) => r.inputs.airflowVersion),
                    [version],
                );
                const requirements = resources.find((o) => o.type === OBJECT && o.inputs.key === "requirements.txt")!;
                assert.ok(
                    (requirements.inputs.content as string).startsWith(`--constraint "${constraintsUrl(version)}"\n`),
                );
            });
        }
        it("2.7.2 (the oldest) plans with the policy pack: exit 0", () => {
            // Planned once per mocha run from the dev stack file with only its version changed.
            assert.match(fs.readFileSync(airflow272StackFile, "utf8"), /airflowVersion: "2\.7\.2"/);
            const result = recordedPlan("airflow272");
            assert.strictEqual(result.code, 0, result.stderr);
            const doc = JSON.parse(result.stdout);
            const env = doc.resources.find((r: { type: string }) => r.type === "aws:mwaa/environment:Environment");
            assert.strictEqual(env.inputs.airflowVersion, "2.7.2");
        });
    });
});

import * as assert from "assert";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { MlopsPlatform } from "../../components/platform/mlopsPlatform";
import { PlannedResource, ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { policyOf, statement } from "../support/helpers";
import { T } from "../support/endpointFixtures";
import { rfmFeatureStore, SERVERLESS_NETWORK } from "../support/platformConfigFixtures";

describe("ModelEndpoint", () => {
    describe("wired into MlopsPlatform", () => {
        const platformConfig = (serving: Record<string, unknown>) =>
            parsePlatformConfig({
                environment: "dev",
                network: SERVERLESS_NETWORK,
                featureStore: rfmFeatureStore(),
                orchestration: { enabled: false },
                serving,
            });
        const serving = {
            endpointName: "cs-dev",
            image: { tag: "v0.0" },
            variants: [{ name: "primary", instanceType: "ml.t2.medium" }],
            vpc: true,
        };

        describe("serving enabled", () => {
            let rec: ResourceRecorder;
            before(async () => {
                rec = startMockRun({ stack: "dev" });
                new MlopsPlatform("mlops-dev", platformConfig(serving));
                await settle();
            });

            it("lets exactly the endpoint role pull from the registry (the endpoint owns the fence)", () => {
                assert.strictEqual(rec.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy").length, 1);
                const policy = rec.named("aws:ecr/repositoryPolicy:RepositoryPolicy", "mlops-dev-serving-image-pull");
                assert.deepStrictEqual(policyOf(policy).Statement[0].Principal, {
                    AWS: [rec.named(T.role, "mlops-dev-serving").outputs.arn],
                });
                assert.strictEqual(
                    policy.inputs.repository,
                    rec.named("aws:ecr/repository:Repository", "mlops-dev-models").outputs.name,
                );
            });

            it("reads the stack's feature tables, model bucket and the network's private subnets", () => {
                const table = rec.named("aws:dynamodb/table:Table", "mlops-dev-features-customer_rfm_features").outputs
                    .arn;
                const policy = rec.named(T.rolePolicy, "mlops-dev-serving");
                assert.deepStrictEqual(statement(policy, "ReadOnlineFeatures").Resource, [table]);
                const modelBucket = rec.named("aws:s3/bucket:Bucket", "mlops-dev-model-registry").outputs.bucket;
                assert.strictEqual(
                    statement(policy, "ReadModelArtifacts").Resource,
                    `arn:aws:s3:::${modelBucket}/models/cs-dev/*`,
                );
                const [vpc] = rec.ofType("awsx:ec2:Vpc") as PlannedResource[];
                const model = rec.named(T.model, "mlops-dev-serving-primary");
                assert.deepStrictEqual(
                    (model.inputs.vpcConfig as { subnets: string[] }).subnets,
                    vpc.outputs.privateSubnetIds,
                );
                assert.strictEqual(rec.named(T.sg, "mlops-dev-serving").inputs.vpcId, vpc.outputs.vpcId);
                const registryBucket = rec.named("aws:s3/bucket:Bucket", "mlops-dev-feature-registry").outputs.bucket;
                assert.deepStrictEqual(
                    (model.inputs.primaryContainer as { environment: Record<string, string> }).environment,
                    {
                        FEAST_PROJECT: "customer_segmentation",
                        FEAST_REGISTRY: `s3://${registryBucket}/registry.db`,
                        FEAST_ONLINE_TABLES: "customer_segmentation.customer_rfm_features",
                        MODEL_BUCKET: modelBucket,
                        MODEL_PREFIX: "models/cs-dev/",
                        MODEL_IMAGE: "tag:v0.0",
                        MODEL_ARTIFACT_KEY: "none",
                        MODEL_VARIANT: "primary",
                    },
                );
                // Feast's get_online_features loads the registry: exactly that object, read-only.
                assert.deepStrictEqual(statement(policy, "ReadFeastRegistry"), {
                    Effect: "Allow",
                    Sid: "ReadFeastRegistry",
                    Action: "s3:GetObject",
                    Resource: `arn:aws:s3:::${registryBucket}/registry.db`,
                });
            });
        });

        describe("serving.enabled false: registry only", () => {
            let rec: ResourceRecorder;
            before(async () => {
                rec = startMockRun({ stack: "dev" });
                new MlopsPlatform("mlops-dev", platformConfig({ ...serving, enabled: false }));
                await settle();
            });

            it("creates the repository and nothing of the endpoint", () => {
                assert.strictEqual(rec.ofType("aws:ecr/repository:Repository").length, 1);
                assert.strictEqual(rec.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy").length, 0);
                for (const type of [T.model, T.config, T.endpoint, T.alarm])
                    assert.strictEqual(rec.ofType(type).length, 0, type);
            });
        });
    });
});

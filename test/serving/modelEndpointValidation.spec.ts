import * as assert from "assert";
import { ConfigError } from "../../components/core/configErrors";
import { ModelEndpoint, ModelEndpointArgs } from "../../components/serving/modelEndpoint";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { prodEndpointArgs } from "../support/endpointFixtures";

describe("ModelEndpoint", () => {
    describe("bad arguments are rejected before anything is registered", () => {
        let rec: ResourceRecorder;
        before(() => {
            rec = startMockRun({ stack: "prod" });
        });
        const cases: [string, Partial<ModelEndpointArgs>, string][] = [
            ["prod without a deployment config", { deployment: undefined }, "  - deployment: is required in prod"],
            [
                "prod with one instance",
                { variants: [{ name: "primary", instanceType: "ml.m5.large", initialInstanceCount: 1 }] },
                "variants[0].initialInstanceCount: must be at least 2 in prod",
            ],
            [
                "zero weight",
                { variants: [{ name: "primary", instanceType: "ml.m5.large", weight: 0 }] },
                "variants[0].weight: must be greater than 0",
            ],
            [
                "versioned variant names under blue/green",
                { variants: [{ name: "primary-v2", instanceType: "ml.m5.large" }] },
                'variants[0].name: "primary-v2" looks like a release',
            ],
            [
                "capture on without a capture bucket",
                { dataCaptureBucketArn: undefined },
                "dataCaptureBucketName/dataCaptureBucketArn: are required when dataCapture.enabled is true",
            ],
            ["vpcId without subnets", { subnetIds: undefined }, "subnetIds: is required when vpcId is set"],
            ["a bad artifact prefix", { modelArtifactPrefix: "/models" }, "modelArtifactPrefix: must be a key prefix"],
            [
                "no feature tables",
                { featureTableArns: [] },
                "featureTableArns: must list at least one online-store table",
            ],
            [
                "more rollback alarms than SageMaker takes (6 variants × 2 > 10)",
                {
                    variants: ["a", "b", "c", "d", "e", "f"].map((n) => ({
                        name: `variant${n}`,
                        instanceType: "ml.m5.large",
                        initialInstanceCount: 2,
                    })),
                },
                "variants: at most 5 variants with a deployment config",
            ],
            [
                "a linear step below SageMaker's 10%",
                { deployment: { strategy: "linear", linearStepPercent: 5 } },
                "deployment.linearStepPercent: Too small",
            ],
            [
                "an execution timeout shorter than the deployment's waits",
                {
                    deployment: {
                        strategy: "canary",
                        waitMinutes: 40,
                        terminationWaitMinutes: 10,
                        maximumExecutionTimeoutMinutes: 60,
                    },
                },
                "deployment.maximumExecutionTimeoutMinutes: must be greater than the total waiting time",
            ],
            [
                "ml.inf1 with a canary deployment (deployment guardrails exclude Inf1)",
                {
                    variants: [{ name: "primary", instanceType: "ml.inf1.xlarge", initialInstanceCount: 2 }],
                },
                "variants[0].instanceType: ml.inf1.xlarge (Inf1) is excluded from deployment guardrails",
            ],
            [
                "more than 100 container variables once the shared and lineage variables are counted",
                {
                    // 97 shared + 1 of the variant + 3 lineage (MODEL_IMAGE, MODEL_ARTIFACT_KEY, MODEL_VARIANT) = 101.
                    environmentVariables: Object.fromEntries(Array.from({ length: 97 }, (_, i) => [`S${i}`, "x"])),
                    variants: [
                        {
                            name: "primary",
                            instanceType: "ml.m5.large",
                            initialInstanceCount: 2,
                            environment: { OWN: "x" },
                        },
                    ],
                },
                "variants[0].environment: with the shared and lineage (MODEL_*) variables the container would have " +
                    "101 environment variables; SageMaker allows 100",
            ],
            [
                "a shadow variant's container over 100 variables (its own Model counts the same way)",
                {
                    // 97 shared + 3 lineage = 100 on the production variant; the shadow's own variable makes 101.
                    environmentVariables: Object.fromEntries(Array.from({ length: 97 }, (_, i) => [`S${i}`, "x"])),
                    variants: [{ name: "primary", instanceType: "ml.m5.large", initialInstanceCount: 2 }],
                    shadowVariants: [
                        {
                            name: "challenger",
                            instanceType: "ml.m5.large",
                            initialInstanceCount: 2,
                            environment: { OWN: "x" },
                        },
                    ],
                },
                "shadowVariants[0].environment: with the shared and lineage (MODEL_*) variables the container would " +
                    "have 101 environment variables; SageMaker allows 100",
            ],
            [
                "a serverless variant in a VPC",
                {
                    variants: [{ name: "primary", serverless: { memoryMb: 2048, maxConcurrency: 5 } }],
                    dataCapture: undefined,
                    deployment: { strategy: "all-at-once" },
                },
                "vpc: is not supported by serverless endpoints",
            ],
        ];
        for (const [title, override, expected] of cases) {
            it(title, async () => {
                let error: unknown;
                try {
                    new ModelEndpoint(`bad-${title.replace(/\W+/g, "-")}`, { ...prodEndpointArgs, ...override });
                } catch (err) {
                    error = err;
                }
                assert.ok(error instanceof ConfigError, String(error));
                assert.ok(error.message.includes(expected), error.message);
                assert.ok(error.message.startsWith("invalid arguments of ModelEndpoint bad-"), error.message);
                await settle();
                assert.strictEqual(rec.resources.filter((r) => r.custom).length, 0);
            });
        }
    });
});

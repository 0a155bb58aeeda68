import * as assert from "assert";
import { ConfigError, validateComponentArgs } from "../../components/core/configErrors";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { servingSchemaFor } from "../../components/serving/servingSchema";
import {
    expectedEndpoint,
    resolveDataCapture,
    resolveDeployment,
    resolveVariants,
} from "../../components/serving/servingSpec";
import { errorMessage } from "../support/helpers";
import { SERVERLESS_NETWORK } from "../support/platformConfigFixtures";

/** A valid serving section for `environment`; each test breaks one thing. */
function serving(environment: "dev" | "prod", overrides: Record<string, unknown> = {}): Record<string, any> {
    const base =
        environment === "prod"
            ? {
                  endpointName: "customer-segmentation",
                  image: { tag: "v0.0" },
                  variants: [
                      {
                          name: "primary",
                          instanceType: "ml.m5.large",
                          initialInstanceCount: 2,
                          weight: 0.9,
                          autoscaling: { minInstances: 2, maxInstances: 6, invocationsPerInstance: 1000 },
                      },
                      { name: "challenger", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.1 },
                  ],
                  dataCapture: { enabled: true, samplingPercentage: 20 },
                  deployment: { strategy: "canary", canaryPercent: 10, waitMinutes: 10 },
                  monitoring: { engine: "model-monitor", frequency: "daily" },
              }
            : {
                  endpointName: "customer-segmentation-dev",
                  image: { tag: "v0.0" },
                  variants: [{ name: "primary", instanceType: "ml.t2.medium", initialInstanceCount: 1 }],
              };
    return { ...base, ...overrides };
}

function config(environment: "dev" | "prod", servingSection: unknown): Record<string, unknown> {
    return {
        environment,
        network: SERVERLESS_NETWORK,
        featureStore: {
            project: "customer_segmentation",
            featureViews: [
                {
                    name: "customer_rfm_features",
                    entity: "customer",
                    joinKey: "customerid",
                    features: { recency: "int32" },
                },
            ],
        },
        serving: servingSection,
    };
}

function problems(environment: "dev" | "prod", servingSection: unknown): string[] {
    try {
        parsePlatformConfig(config(environment, servingSection));
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return [...err.problems];
    }
    assert.fail("expected the serving config to be rejected");
}

/** Asserts exactly one problem, naming `key`, containing `text`. */
function rejects(environment: "dev" | "prod", servingSection: unknown, key: string, text: string): void {
    const found = problems(environment, servingSection);
    assert.strictEqual(found.length, 1, `expected one problem, got:\n${found.join("\n")}`);
    assert.ok(found[0].startsWith(`mlops-platform:serving.${key}: `), `expected key ${key}: ${found[0]}`);
    assert.ok(found[0].includes(text), `expected "${text}" in: ${found[0]}`);
}

const variant = (extra: Record<string, unknown>) => ({ name: "primary", instanceType: "ml.t2.medium", ...extra });

describe("serving config", () => {
    it("accepts the dev and prod shapes", () => {
        assert.doesNotThrow(() => parsePlatformConfig(config("dev", serving("dev"))));
        assert.doesNotThrow(() => parsePlatformConfig(config("prod", serving("prod"))));
    });

    describe("names and image", () => {
        it("endpoint name follows SageMaker's pattern", () =>
            rejects(
                "dev",
                serving("dev", { endpointName: "bad_name" }),
                "endpointName",
                "letters, digits and hyphens",
            ));
        it("variant name follows SageMaker's pattern", () =>
            rejects(
                "dev",
                serving("dev", { variants: [variant({ name: "-primary" })] }),
                "variants[0].name",
                "letters, digits and hyphens",
            ));
        it("image needs exactly one of tag or digest (none)", () =>
            rejects("dev", serving("dev", { image: {} }), "image", "set exactly one of tag or digest"));
        it("image needs exactly one of tag or digest (both)", () =>
            rejects(
                "dev",
                serving("dev", { image: { tag: "v1", digest: `sha256:${"a".repeat(64)}` } }),
                "image",
                "set exactly one of tag or digest",
            ));
        it("digest is sha256 with 64 hex characters", () =>
            rejects(
                "dev",
                serving("dev", { image: { digest: "sha256:abc" } }),
                "image.digest",
                "sha256:<64 hex characters>",
            ));
        it("at least one variant", () =>
            rejects("dev", serving("dev", { variants: [] }), "variants", "at least one variant"));
        it("unknown keys are named with the allowed ones", () =>
            rejects(
                "dev",
                serving("dev", { endpoint: "x" }),
                "endpoint",
                "unknown key (allowed: enabled, endpointName",
            ));
    });

    describe("variants", () => {
        it("weight must be positive", () =>
            rejects(
                "dev",
                serving("dev", { variants: [variant({}), variant({ name: "challenger", weight: 0 })] }),
                "variants[1].weight",
                "must be greater than 0",
            ));
        it("instanceType is required unless serverless", () =>
            rejects(
                "dev",
                serving("dev", { variants: [{ name: "primary" }] }),
                "variants[0].instanceType",
                "is required unless the variant is serverless",
            ));
        it("instanceType must look like ml.<family>.<size>", () =>
            rejects(
                "dev",
                serving("dev", { variants: [variant({ instanceType: "m5.large" })] }),
                "variants[0].instanceType",
                "SageMaker instance type",
            ));
        it("GPU and other local-NVMe instance types are accepted (the volume key is left off for them)", () => {
            for (const t of ["ml.m5d.large", "ml.g4dn.xlarge", "ml.g5.2xlarge", "ml.p4d.24xlarge", "ml.trn1.2xlarge"])
                assert.doesNotThrow(
                    () =>
                        parsePlatformConfig(
                            config("dev", serving("dev", { variants: [variant({ instanceType: t })] })),
                        ),
                    t,
                );
        });
        it(
            "ml.inf1 with a canary deployment is refused: deployment guardrails exclude Inf1 (all at once, no " +
                "baking)",
            () =>
                rejects(
                    "prod",
                    serving("prod", {
                        variants: [
                            { name: "primary", instanceType: "ml.inf1.xlarge", initialInstanceCount: 2, weight: 0.9 },
                            { name: "challenger", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.1 },
                        ],
                    }),
                    "variants[0].instanceType",
                    "excluded from deployment guardrails",
                ),
        );
        it("ml.inf1 with a linear deployment is refused; with all-at-once it is accepted", () => {
            const inf1 = [{ name: "primary", instanceType: "ml.inf1.2xlarge", initialInstanceCount: 2 }];
            rejects(
                "prod",
                serving("prod", { variants: inf1, deployment: { strategy: "linear", linearStepPercent: 50 } }),
                "variants[0].instanceType",
                "linear deployment all at once",
            );
            assert.doesNotThrow(() =>
                parsePlatformConfig(
                    config("prod", serving("prod", { variants: inf1, deployment: { strategy: "all-at-once" } })),
                ),
            );
        });
        it("autoscaling minInstances ≤ maxInstances", () =>
            rejects(
                "dev",
                serving("dev", {
                    variants: [
                        variant({ autoscaling: { minInstances: 3, maxInstances: 2, invocationsPerInstance: 100 } }),
                    ],
                }),
                "variants[0].autoscaling.minInstances",
                "must be at most maxInstances",
            ));
        // UpdateEndpoint resets DesiredInstanceCount to InitialInstanceCount unless RetainAllVariantProperties
        // (default false; SageMaker API reference, UpdateEndpoint), which @pulumi/aws 7.48 cannot send.
        for (const count of [8, 3]) {
            it(`initialInstanceCount ${count} of an autoscaled variant (floor 2) is refused: updates reset to it`, () =>
                rejects(
                    "dev",
                    serving("dev", {
                        variants: [
                            variant({
                                initialInstanceCount: count,
                                autoscaling: { minInstances: 2, maxInstances: 4, invocationsPerInstance: 100 },
                            }),
                        ],
                    }),
                    "variants[0].initialInstanceCount",
                    "must equal autoscaling.minInstances (2) or be left unset: every endpoint update resets",
                ));
        }
        it("modelDataKey is relative to the artifact prefix", () =>
            rejects(
                "dev",
                serving("dev", { variants: [variant({ modelDataKey: "/abs/model.tar.gz" })] }),
                "variants[0].modelDataKey",
                "relative to the model-artifact prefix",
            ));
        it("modelDataKey names a .tar.gz archive", () =>
            rejects(
                "dev",
                serving("dev", { variants: [variant({ modelDataKey: "customer_segment-v0.0" })] }),
                "variants[0].modelDataKey",
                ".tar.gz",
            ));
        it("environment variable names are identifiers", () =>
            rejects(
                "dev",
                serving("dev", { variants: [variant({ environment: { "BAD-NAME": "x" } })] }),
                "variants[0].environment.BAD-NAME",
                "environment variable names",
            ));
        it("at most 100 environment variables", () =>
            rejects(
                "dev",
                serving("dev", {
                    variants: [
                        variant({
                            environment: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, "x"])),
                        }),
                    ],
                }),
                "variants[0].environment",
                "at most 100",
            ));
        it("duplicate variant names", () =>
            rejects(
                "dev",
                serving("dev", { variants: [variant({}), variant({})] }),
                "variants[1].name",
                'duplicate variant name "primary"',
            ));
        it("variant names are compared case-insensitively", () =>
            rejects(
                "dev",
                serving("dev", { variants: [variant({}), variant({ name: "Primary" })] }),
                "variants[1].name",
                "case-insensitively",
            ));
    });

    describe("serverless", () => {
        const sl = (extra: Record<string, unknown> = {}) => ({
            name: "primary",
            serverless: { memoryMb: 2048, maxConcurrency: 20, ...extra },
        });
        it("accepts one serverless variant", () =>
            assert.doesNotThrow(() => parsePlatformConfig(config("dev", serving("dev", { variants: [sl()] })))));
        it("memory is 1024-6144 in 1024 steps", () =>
            rejects(
                "dev",
                serving("dev", { variants: [sl({ memoryMb: 1500 })] }),
                "variants[0].serverless.memoryMb",
                "1024, 2048",
            ));
        it("memory above 6144 is refused", () =>
            rejects(
                "dev",
                serving("dev", { variants: [sl({ memoryMb: 7168 })] }),
                "variants[0].serverless.memoryMb",
                "6144",
            ));
        it("max concurrency is 1-200", () =>
            rejects(
                "dev",
                serving("dev", { variants: [sl({ maxConcurrency: 201 })] }),
                "variants[0].serverless.maxConcurrency",
                "200",
            ));
        it("provisioned concurrency ≤ max concurrency", () =>
            rejects(
                "dev",
                serving("dev", { variants: [sl({ provisionedConcurrency: 30 })] }),
                "variants[0].serverless.provisionedConcurrency",
                "must be at most maxConcurrency",
            ));
        it("instance settings do not apply", () =>
            rejects(
                "dev",
                serving("dev", { variants: [{ ...sl(), instanceType: "ml.m5.large" }] }),
                "variants[0].instanceType",
                "does not apply to a serverless variant",
            ));
        it("exactly one variant", () =>
            rejects(
                "dev",
                serving("dev", { variants: [sl(), { ...sl(), name: "challenger" }] }),
                "variants",
                "exactly one variant",
            ));
        it("no data capture", () =>
            rejects(
                "dev",
                serving("dev", { variants: [sl()], dataCapture: { enabled: true } }),
                "dataCapture.enabled",
                "not supported by serverless endpoints",
            ));
        it("no VPC", () =>
            rejects(
                "dev",
                serving("dev", { variants: [sl()], vpc: true }),
                "vpc",
                "not supported by serverless endpoints",
            ));
    });

    describe("data capture and deployment", () => {
        it("sampling is 0-100", () =>
            rejects(
                "dev",
                serving("dev", { dataCapture: { enabled: true, samplingPercentage: 101 } }),
                "dataCapture.samplingPercentage",
                "100",
            ));
        it("capture needs input or output", () =>
            rejects(
                "dev",
                serving("dev", { dataCapture: { enabled: true, captureInput: false, captureOutput: false } }),
                "dataCapture.captureOutput",
                "cannot both be false",
            ));
        it("canaryPercent only with strategy canary", () =>
            rejects(
                "dev",
                serving("dev", { deployment: { strategy: "linear", canaryPercent: 10 } }),
                "deployment.canaryPercent",
                'applies only to strategy "canary"',
            ));
        it("linearStepPercent only with strategy linear", () =>
            rejects(
                "dev",
                serving("dev", { deployment: { strategy: "canary", linearStepPercent: 10 } }),
                "deployment.linearStepPercent",
                'applies only to strategy "linear"',
            ));
        it("strategy is one of the four", () =>
            rejects(
                "dev",
                serving("dev", { deployment: { strategy: "blue-green" } }),
                "deployment.strategy",
                '"all-at-once", "canary", "linear", "rolling"',
            ));
        it("alarm thresholds are at least 1", () =>
            rejects("dev", serving("dev", { alarms: { max5xxErrors: 0 } }), "alarms.max5xxErrors", "1"));
        it("registry keeps 1-1000 tagged images", () =>
            rejects("dev", serving("dev", { registry: { keepTaggedImages: 0 } }), "registry.keepTaggedImages", "1"));
        it("registry expires untagged images after 1-365 days", () =>
            rejects(
                "dev",
                serving("dev", { registry: { untaggedExpiryDays: 366 } }),
                "registry.untaggedExpiryDays",
                "365",
            ));
        it("at most 10 variants", () =>
            rejects(
                "dev",
                serving("dev", {
                    variants: Array.from({ length: 11 }, (_, i) =>
                        variant({ name: `variant${String.fromCharCode(97 + i)}` }),
                    ),
                }),
                "variants",
                "10",
            ));
        it("waitMinutes at most 60", () =>
            rejects(
                "dev",
                serving("dev", {
                    deployment: { strategy: "canary", waitMinutes: 61, maximumExecutionTimeoutMinutes: 240 },
                }),
                "deployment.waitMinutes",
                "60",
            ));
        it("maximumExecutionTimeoutMinutes at least 10", () =>
            rejects(
                "dev",
                serving("dev", { deployment: { strategy: "all-at-once", maximumExecutionTimeoutMinutes: 5 } }),
                "deployment.maximumExecutionTimeoutMinutes",
                "10",
            ));
        it("a linear step is at least 10% (SageMaker's LinearStepSize range is 10-50%)", () =>
            rejects(
                "dev",
                serving("dev", { deployment: { strategy: "linear", linearStepPercent: 5 } }),
                "deployment.linearStepPercent",
                "10",
            ));
        it(
            "the execution timeout must exceed every baking period plus the termination wait (linear: " +
                "ceil(100/step) shifts)",
            () =>
                rejects(
                    "dev",
                    serving("dev", {
                        deployment: {
                            strategy: "linear",
                            linearStepPercent: 10,
                            waitMinutes: 10,
                            terminationWaitMinutes: 5,
                            maximumExecutionTimeoutMinutes: 60,
                        },
                    }),
                    "deployment.maximumExecutionTimeoutMinutes",
                    "10 traffic shift(s) × waitMinutes 10 + terminationWaitMinutes 5 = 105 minutes",
                ),
        );
        it("the timeout rule counts the defaults of unset keys (canary: 2 × 30 + 5 ≥ 60)", () =>
            rejects(
                "dev",
                serving("dev", { deployment: { strategy: "canary", waitMinutes: 30 } }),
                "deployment.maximumExecutionTimeoutMinutes",
                "= 65 minutes",
            ));
        it("a timeout above the total wait passes", () =>
            assert.doesNotThrow(() =>
                parsePlatformConfig(
                    config(
                        "dev",
                        serving("dev", {
                            deployment: {
                                strategy: "linear",
                                linearStepPercent: 10,
                                waitMinutes: 10,
                                terminationWaitMinutes: 5,
                                maximumExecutionTimeoutMinutes: 120,
                            },
                        }),
                    ),
                ),
            ));
        it("at most 5 variants with a deployment config (2 rollback alarms each, SageMaker takes at most 10)", () =>
            rejects(
                "dev",
                serving("dev", {
                    deployment: { strategy: "all-at-once" },
                    variants: Array.from({ length: 6 }, (_, i) =>
                        variant({ name: `variant${String.fromCharCode(97 + i)}` }),
                    ),
                }),
                "variants",
                "at most 10 alarms",
            ));
        it("6 variants are fine without a deployment config (no auto-rollback)", () =>
            assert.doesNotThrow(() =>
                parsePlatformConfig(
                    config(
                        "dev",
                        serving("dev", {
                            variants: Array.from({ length: 6 }, (_, i) =>
                                variant({ name: `variant${String.fromCharCode(97 + i)}` }),
                            ),
                        }),
                    ),
                ),
            ));
        it("capture content types may not be an empty list", () =>
            rejects(
                "dev",
                serving("dev", { dataCapture: { enabled: true, csvContentTypes: [] } }),
                "dataCapture.csvContentTypes",
                "at least one content type",
            ));
        it("capture content types are MIME types", () =>
            rejects(
                "dev",
                serving("dev", { dataCapture: { enabled: true, jsonContentTypes: ["json"] } }),
                "dataCapture.jsonContentTypes[0]",
                "MIME type",
            ));
        it("at most 10 capture content types", () =>
            rejects(
                "dev",
                serving("dev", {
                    dataCapture: {
                        enabled: true,
                        csvContentTypes: Array.from({ length: 11 }, (_, i) => `text/csv${i}`),
                    },
                }),
                "dataCapture.csvContentTypes",
                "at most 10",
            ));
    });

    describe("stable variant names under blue/green", () => {
        it("a versioned name is refused when a deployment is configured", () =>
            rejects(
                "dev",
                serving("dev", {
                    variants: [variant({ name: "primary-v2" })],
                    deployment: { strategy: "all-at-once" },
                }),
                "variants[0].name",
                "same variant names",
            ));
        it("a date-stamped name is refused", () =>
            rejects(
                "dev",
                serving("dev", { variants: [variant({ name: "model-20240101" })], deployment: { strategy: "canary" } }),
                "variants[0].name",
                "looks like a release",
            ));
        it("a name containing the image tag is refused", () =>
            rejects(
                "dev",
                serving("dev", {
                    image: { tag: "rfm-xgb" },
                    variants: [variant({ name: "primary-rfm-xgb-a" })],
                    deployment: { strategy: "linear" },
                }),
                "variants[0].name",
                "looks like a release",
            ));
        it("role names pass", () =>
            assert.doesNotThrow(() =>
                parsePlatformConfig(
                    config(
                        "dev",
                        serving("dev", {
                            variants: [variant({}), variant({ name: "challenger" })],
                            deployment: { strategy: "canary" },
                        }),
                    ),
                ),
            ));
        it("without a deployment config, versioned names are allowed (plain updates)", () =>
            assert.doesNotThrow(() =>
                parsePlatformConfig(config("dev", serving("dev", { variants: [variant({ name: "primary-v2" })] }))),
            ));
    });

    describe("prod", () => {
        it("instance-based variants need ≥ 2 instances", () => {
            const s = serving("prod");
            s.variants[1] = { ...s.variants[1], initialInstanceCount: 1 };
            rejects("prod", s, "variants[1].initialInstanceCount", "at least 2 in prod");
        });
        it("an unset count defaults to 2 in prod", () => {
            const s = serving("prod");
            const { initialInstanceCount: _unused, ...challenger } = s.variants[1];
            s.variants[1] = challenger;
            assert.doesNotThrow(() => parsePlatformConfig(config("prod", s)));
            assert.strictEqual(resolveVariants("prod", s as never)[1].initialInstanceCount, 2);
        });
        it("autoscaling may not scale in below 2", () => {
            const s = serving("prod");
            s.variants[0] = {
                ...s.variants[0],
                initialInstanceCount: undefined,
                autoscaling: { minInstances: 1, maxInstances: 6, invocationsPerInstance: 1000 },
            };
            // (The count defaults to the floor, so the count rule reports it too.)
            const found = problems("prod", s);
            assert.ok(
                found.includes(
                    "mlops-platform:serving.variants[0].autoscaling.minInstances: must be at least 2 in prod " +
                        "(scale-in must keep one instance per AZ)",
                ),
                found.join("\n"),
            );
        });
        it("data capture must be on", () =>
            rejects(
                "prod",
                serving("prod", { dataCapture: { enabled: false }, monitoring: undefined }),
                "dataCapture.enabled",
                "must be true in prod",
            ));
        it("a deployment config is required", () =>
            rejects("prod", serving("prod", { deployment: undefined }), "deployment", "required in prod"));
        it("serving.enabled false skips the prod endpoint rules (registry only)", () =>
            assert.doesNotThrow(() =>
                parsePlatformConfig(
                    config(
                        "prod",
                        serving("prod", {
                            enabled: false,
                            dataCapture: undefined,
                            deployment: undefined,
                            monitoring: undefined,
                        }),
                    ),
                ),
            ));
    });

    describe("component arguments use the same rules without the namespace", () => {
        it("names the argument path", () => {
            const message = errorMessage(() =>
                validateComponentArgs(
                    "ModelEndpoint x",
                    servingSchemaFor("prod"),
                    serving("prod", { deployment: undefined }),
                ),
            );
            assert.ok(message.includes("invalid arguments of ModelEndpoint x"), message);
            assert.ok(message.includes("  - deployment: is required in prod"), message);
        });
    });

    describe("defaults", () => {
        it("resolves variants, capture and deployment", () => {
            const s = serving("prod");
            assert.deepStrictEqual(resolveVariants("prod", s as never), [
                {
                    name: "primary",
                    instanceType: "ml.m5.large",
                    initialInstanceCount: 2,
                    weight: 0.9,
                    autoscaling: {
                        minInstances: 2,
                        maxInstances: 6,
                        invocationsPerInstance: 1000,
                        scaleInCooldownSeconds: 300,
                        scaleOutCooldownSeconds: 60,
                    },
                },
                { name: "challenger", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.1 },
            ]);
            assert.deepStrictEqual(resolveDataCapture(s as never), {
                enabled: true,
                samplingPercentage: 20,
                captureInput: true,
                captureOutput: true,
                csvContentTypes: ["text/csv"],
                jsonContentTypes: ["application/json"],
            });
            assert.deepStrictEqual(resolveDeployment(s as never), {
                strategy: "canary",
                canaryPercent: 10,
                waitIntervalSeconds: 600,
                terminationWaitSeconds: 300,
                maximumExecutionTimeoutSeconds: 3600,
            });
            assert.strictEqual(resolveDeployment(serving("dev") as never), undefined);
            assert.strictEqual(expectedEndpoint("dev", serving("dev") as never).variants[0].initialInstanceCount, 1);
        });
    });
});

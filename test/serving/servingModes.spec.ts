/**
 * The serving modes' config rules: model package versions, shadow variants, rolling deployments and
 * asynchronous inference, each of AWS's exclusions a ConfigError naming the key; and the resolved
 * settings the component deploys.
 */
import * as assert from "assert";
import { ConfigError } from "../../components/core/configErrors";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { resolveAsyncInference } from "../../components/serving/asyncSettings";
import { deploymentWaitMinutes } from "../../components/serving/servingSchema";
import { expectedLineage, resolveDeployment } from "../../components/serving/servingSpec";
import { SERVERLESS_NETWORK } from "../support/platformConfigFixtures";

const FEATURES = {
    project: "customer_segmentation",
    featureViews: [
        { name: "customer_rfm_features", entity: "customer", joinKey: "customerid", features: { recency: "int32" } },
    ],
};
const primary = { name: "primary", instanceType: "ml.m5.large", initialInstanceCount: 1 };
const challenger = { name: "challenger", instanceType: "ml.m5.large", initialInstanceCount: 1 };

function serving(overrides: Record<string, unknown>): Record<string, unknown> {
    return { endpointName: "segmentation", image: { tag: "v1" }, variants: [primary], ...overrides };
}

function problems(section: unknown): string[] {
    try {
        parsePlatformConfig({
            environment: "dev",
            network: SERVERLESS_NETWORK,
            featureStore: FEATURES,
            serving: section,
        });
    } catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        return [...err.problems];
    }
    return [];
}

/** Exactly one problem, naming `key`, containing `text`. */
function rejects(section: unknown, key: string, text: string): void {
    const found = problems(section);
    assert.strictEqual(found.length, 1, `expected one problem, got:\n${found.join("\n")}`);
    assert.ok(found[0].startsWith(`mlops-platform:serving.${key}: `), `expected key ${key}: ${found[0]}`);
    assert.ok(found[0].includes(text), `expected "${text}" in: ${found[0]}`);
}

describe("serving modes (config rules)", () => {
    describe("model package versions", () => {
        it("a variant may serve a registered version of the endpoint's group", () =>
            assert.deepStrictEqual(problems(serving({ variants: [{ ...primary, modelPackageVersion: 3 }] })), []));
        it("versions start at 1", () =>
            rejects(
                serving({ variants: [{ ...primary, modelPackageVersion: 0 }] }),
                "variants[0].modelPackageVersion",
                "1",
            ));
        it("a package version excludes modelDataKey (the version names its artifact)", () =>
            rejects(
                serving({ variants: [{ ...primary, modelPackageVersion: 2, modelDataKey: "m/model.tar.gz" }] }),
                "variants[0].modelDataKey",
                "modelPackageVersion",
            ));
        it("lineage names the package version instead of the image and artifact", () =>
            assert.deepStrictEqual(
                expectedLineage({
                    endpointName: "segmentation",
                    image: { tag: "v1" },
                    variants: [
                        { ...primary, modelPackageVersion: 4 },
                        { ...challenger, modelDataKey: "c.tar.gz" },
                    ],
                }),
                {
                    primary: { image: "package", artifact: "package", variant: "primary", package: "segmentation/4" },
                    challenger: { image: "tag:v1", artifact: "models/segmentation/c.tar.gz", variant: "challenger" },
                },
            ));
    });

    describe("shadow variants (one production and one shadow variant)", () => {
        it("accepts one production and one shadow variant", () =>
            assert.deepStrictEqual(problems(serving({ shadowVariants: [challenger] })), []));
        it("at most one shadow variant", () =>
            rejects(
                serving({ shadowVariants: [challenger, { ...challenger, name: "third" }] }),
                "shadowVariants",
                "at most one shadow variant",
            ));
        it("exactly one production variant with a shadow", () =>
            rejects(
                serving({ variants: [primary, { ...primary, name: "second" }], shadowVariants: [challenger] }),
                "variants",
                "exactly one production variant",
            ));
        it("shadow tests exclude serverless inference", () =>
            rejects(
                serving({
                    shadowVariants: [{ name: "challenger", serverless: { memoryMb: 2048, maxConcurrency: 5 } }],
                }),
                "shadowVariants[0].serverless",
                "shadow tests exclude serverless inference",
            ));
        it("shadow tests exclude Inf1 instances", () =>
            rejects(
                serving({ shadowVariants: [{ ...challenger, instanceType: "ml.inf1.xlarge" }] }),
                "shadowVariants[0].instanceType",
                "Inf1",
            ));
        it("shadow tests exclude asynchronous inference", () =>
            rejects(serving({ shadowVariants: [challenger], asyncInference: {} }), "asyncInference", "asynchronous"));
        it("the shadow's name is not a production variant's", () =>
            rejects(
                serving({ shadowVariants: [{ ...challenger, name: "Primary" }] }),
                "shadowVariants[0].name",
                "unique",
            ));
        it("a shadow variant is not autoscaled by the component", () =>
            rejects(
                serving({
                    shadowVariants: [
                        {
                            ...challenger,
                            autoscaling: { minInstances: 1, maxInstances: 2, invocationsPerInstance: 10 },
                        },
                    ],
                }),
                "shadowVariants[0].autoscaling",
                "initialInstanceCount",
            ));
        it("shadow variants are validated like variants", () =>
            rejects(
                serving({ shadowVariants: [{ name: "challenger" }] }),
                "shadowVariants[0].instanceType",
                "required",
            ));
    });

    describe("rolling deployments", () => {
        const rolling = (extra: Record<string, unknown> = {}) => ({ strategy: "rolling", ...extra });
        it("accepts a rolling deployment of one instance-based variant", () =>
            assert.deepStrictEqual(
                problems(
                    serving({ deployment: rolling({ batchPercent: 25, rollbackBatchPercent: 50, waitMinutes: 3 }) }),
                ),
                [],
            ));
        it("rolling excludes serverless endpoints", () =>
            rejects(
                serving({
                    variants: [{ name: "primary", serverless: { memoryMb: 2048, maxConcurrency: 5 } }],
                    deployment: rolling(),
                }),
                "deployment.strategy",
                "excludes serverless endpoints",
            ));
        it("rolling excludes multi-variant endpoints", () =>
            rejects(
                serving({ variants: [primary, challenger], deployment: rolling() }),
                "deployment.strategy",
                "excludes multi-variant endpoints",
            ));
        it("Inf1 endpoints fall back to all-at-once without guardrails", () =>
            rejects(
                serving({ variants: [{ ...primary, instanceType: "ml.inf1.xlarge" }], deployment: rolling() }),
                "variants[0].instanceType",
                "Inf1",
            ));
        it("a batch is 5-50% of the instances", () => {
            rejects(serving({ deployment: rolling({ batchPercent: 4 }) }), "deployment.batchPercent", "5");
            rejects(serving({ deployment: rolling({ batchPercent: 51 }) }), "deployment.batchPercent", "50");
        });
        it("batchPercent applies only to rolling", () =>
            rejects(
                serving({ deployment: { strategy: "linear", batchPercent: 20 } }),
                "deployment.batchPercent",
                '"rolling"',
            ));
        it("rollbackBatchPercent applies only to rolling", () =>
            rejects(
                serving({ deployment: { strategy: "canary", rollbackBatchPercent: 20 } }),
                "deployment.rollbackBatchPercent",
                '"rolling"',
            ));
        it("a rolling update has no termination wait", () =>
            rejects(
                serving({ deployment: rolling({ terminationWaitMinutes: 5 }) }),
                "deployment.terminationWaitMinutes",
                "batch by batch",
            ));
        it("the timeout must exceed one baking period per batch", () =>
            rejects(
                serving({
                    deployment: rolling({ batchPercent: 10, waitMinutes: 6, maximumExecutionTimeoutMinutes: 60 }),
                }),
                "deployment.maximumExecutionTimeoutMinutes",
                "10 traffic shift(s) × waitMinutes 6 + terminationWaitMinutes 0 = 60 minutes",
            ));
        it("resolves to batches in percent, seconds, no termination wait", () => {
            assert.deepStrictEqual(resolveDeployment({ variants: [primary], deployment: { strategy: "rolling" } }), {
                strategy: "rolling",
                batchPercent: 20,
                waitIntervalSeconds: 300,
                terminationWaitSeconds: 0,
                maximumExecutionTimeoutSeconds: 3600,
            });
            assert.strictEqual(deploymentWaitMinutes({ strategy: "rolling", batchPercent: 30 }).total, 4 * 5);
        });
    });

    describe("asynchronous inference", () => {
        const scaling = { minInstances: 0, maxInstances: 4, backlogPerInstance: 5 };
        it("accepts backlog scaling down to zero", () =>
            assert.deepStrictEqual(problems(serving({ asyncInference: { notifications: true, scaling } })), []));
        it("invocation autoscaling does not apply (use asyncInference.scaling)", () =>
            rejects(
                serving({
                    variants: [
                        { ...primary, autoscaling: { minInstances: 1, maxInstances: 2, invocationsPerInstance: 10 } },
                    ],
                    asyncInference: {},
                }),
                "variants[0].autoscaling",
                "asyncInference.scaling",
            ));
        it("runs on instances, not serverless", () =>
            rejects(
                serving({
                    variants: [{ name: "primary", serverless: { memoryMb: 2048, maxConcurrency: 5 } }],
                    asyncInference: {},
                }),
                "variants[0].serverless",
                "asyncInference",
            ));
        it("the initial count is within the scaling bounds", () =>
            rejects(
                serving({ variants: [{ ...primary, initialInstanceCount: 5 }], asyncInference: { scaling } }),
                "variants[0].initialInstanceCount",
                "maxInstances (4)",
            ));
        it("minInstances is at most maxInstances", () =>
            rejects(
                serving({ asyncInference: { scaling: { ...scaling, minInstances: 5 } } }),
                "asyncInference.scaling.minInstances",
                "maxInstances",
            ));
        it("backlog target is positive", () =>
            rejects(
                serving({ asyncInference: { scaling: { ...scaling, backlogPerInstance: 0 } } }),
                "asyncInference.scaling.backlogPerInstance",
                "greater than 0",
            ));
        it("concurrency per instance is 1-1000", () =>
            rejects(
                serving({ asyncInference: { maxConcurrentInvocationsPerInstance: 1001 } }),
                "asyncInference.maxConcurrentInvocationsPerInstance",
                "1000",
            ));
        it("unknown keys are errors", () =>
            rejects(serving({ asyncInference: { outputPath: "s3://x" } }), "asyncInference.outputPath", "unknown key"));
        it("resolves output, failure and input prefixes under async/<endpoint>/", () =>
            assert.deepStrictEqual(resolveAsyncInference("segmentation", { scaling }), {
                notifications: false,
                outputPrefix: "async/segmentation/output/",
                failurePrefix: "async/segmentation/failure/",
                inputPrefix: "async/segmentation/input/",
                scaling: { ...scaling, scaleInCooldownSeconds: 600, scaleOutCooldownSeconds: 300 },
            }));
    });
});

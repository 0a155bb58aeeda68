import * as assert from "assert";
import { ModelEndpoint } from "../../components/serving/modelEndpoint";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { T, common } from "../support/endpointFixtures";

describe("ModelEndpoint", () => {
    describe("traffic shifting strategies and serverless", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "staging" });
            const base = { ...common, environment: "staging" as const, image: { tag: "v1" } };
            new ModelEndpoint("linear", {
                ...base,
                endpointName: "linear-ep",
                variants: [{ name: "primary", instanceType: "ml.m5.large" }],
                deployment: {
                    strategy: "linear",
                    linearStepPercent: 25,
                    waitMinutes: 2,
                    terminationWaitMinutes: 0,
                    maximumExecutionTimeoutMinutes: 30,
                },
            });
            new ModelEndpoint("allatonce", {
                ...base,
                endpointName: "all-ep",
                variants: [{ name: "primary", instanceType: "ml.m5.large" }],
                deployment: { strategy: "all-at-once" },
            });
            new ModelEndpoint("serverless", {
                ...base,
                endpointName: "serverless-ep",
                variants: [
                    { name: "primary", serverless: { memoryMb: 2048, maxConcurrency: 20, provisionedConcurrency: 2 } },
                ],
            });
            await settle();
        });

        const routing = (name: string) =>
            (rec.named(T.endpoint, name).inputs.deploymentConfig as Record<string, any>)
                .blueGreenUpdatePolicy as Record<string, unknown>;

        it("linear shifts fixed capacity steps", () => {
            assert.deepStrictEqual(routing("linear"), {
                trafficRoutingConfiguration: {
                    type: "LINEAR",
                    waitIntervalInSeconds: 120,
                    linearStepSize: { type: "CAPACITY_PERCENT", value: 25 },
                },
                terminationWaitInSeconds: 0,
                maximumExecutionTimeoutInSeconds: 1800,
            });
            assert.deepStrictEqual(rec.named(T.endpoint, "linear").customTimeouts, {
                create: "60m",
                update: "60m",
                delete: "30m",
            });
        });

        it("all-at-once shifts everything after the defaults' baking period", () => {
            assert.deepStrictEqual(routing("allatonce"), {
                trafficRoutingConfiguration: { type: "ALL_AT_ONCE", waitIntervalInSeconds: 300 },
                terminationWaitInSeconds: 300,
                maximumExecutionTimeoutInSeconds: 3600,
            });
        });

        it("serverless variant: memory and concurrency, no instances, no autoscaling", () => {
            assert.deepStrictEqual(rec.named(T.config, "serverless").inputs.productionVariants, [
                {
                    variantName: "primary",
                    modelName: rec.named(T.model, "serverless-primary").outputs.name,
                    initialVariantWeight: 1,
                    serverlessConfig: { memorySizeInMb: 2048, maxConcurrency: 20, provisionedConcurrency: 2 },
                },
            ]);
            assert.strictEqual(rec.ofType(T.target).length, 0);
        });
    });
});

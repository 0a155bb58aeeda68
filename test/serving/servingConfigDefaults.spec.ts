import * as assert from "assert";
import {
    expectedEndpoint,
    resolveDataCapture,
    resolveDeployment,
    resolveVariants,
} from "../../components/serving/servingSpec";
import { serving } from "../support/servingConfigFixtures";

describe("serving config", () => {
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

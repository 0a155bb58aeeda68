import * as assert from "assert";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { serving, config, rejects, variant } from "../support/servingConfigFixtures";

describe("serving config", () => {
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
        // UpdateEndpoint restarts DesiredInstanceCount at InitialInstanceCount unless RetainAllVariantProperties
        // (default false; SageMaker API reference, UpdateEndpoint), which @pulumi/aws 7.48 cannot send.
        const autoscaled = (count: number) =>
            serving("dev", {
                variants: [
                    variant({
                        initialInstanceCount: count,
                        autoscaling: { minInstances: 2, maxInstances: 4, invocationsPerInstance: 100 },
                    }),
                ],
            });
        for (const count of [1, 5]) {
            it(`initialInstanceCount ${count} outside autoscaling bounds 2-4 is refused (updates restart at it)`, () =>
                rejects(
                    "dev",
                    autoscaled(count),
                    "variants[0].initialInstanceCount",
                    "must be within autoscaling bounds 2-4 (every endpoint update restarts the variant at it)",
                ));
        }
        it("initialInstanceCount at either bound is accepted (the floor is cheapest, the ceiling never drops load)", () =>
            [2, 4].forEach((count) =>
                assert.doesNotThrow(() => parsePlatformConfig(config("dev", autoscaled(count)))),
            ));
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
});

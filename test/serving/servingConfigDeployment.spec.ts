import * as assert from "assert";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { serving, config, rejects, variant } from "../support/servingConfigFixtures";

describe("serving config", () => {
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
});

import * as assert from "assert";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { serving, config, rejects, variant } from "../support/servingConfigFixtures";

/** `count` variants named varianta, variantb, … */
const variants = (count: number) =>
    Array.from({ length: count }, (_, i) => variant({ name: `variant${String.fromCharCode(97 + i)}` }));

/** A refused dev serving section: the test title, the section's keys, the key named and a fragment of the message. */
type Refusal = readonly [title: string, section: Record<string, unknown>, key: string, text: string];

/** Runs each refusal as a test: exactly one problem, naming `mlops-platform:serving.<key>`. */
function refusals(cases: readonly Refusal[]): void {
    for (const [title, section, key, text] of cases)
        it(title, () => rejects("dev", serving("dev", section), key, text));
}

/** The dev serving section with `section`'s keys parses. */
const accepts = (section: Record<string, unknown>) =>
    assert.doesNotThrow(() => parsePlatformConfig(config("dev", serving("dev", section))));

const linear10 = { strategy: "linear", linearStepPercent: 10, waitMinutes: 10, terminationWaitMinutes: 5 };

describe("serving config", () => {
    describe("data capture and deployment", () => {
        refusals([
            [
                "sampling is 0-100",
                { dataCapture: { enabled: true, samplingPercentage: 101 } },
                "dataCapture.samplingPercentage",
                "100",
            ],
            [
                "capture needs input or output",
                { dataCapture: { enabled: true, captureInput: false, captureOutput: false } },
                "dataCapture.captureOutput",
                "cannot both be false",
            ],
            [
                "canaryPercent only with strategy canary",
                { deployment: { strategy: "linear", canaryPercent: 10 } },
                "deployment.canaryPercent",
                'applies only to strategy "canary"',
            ],
            [
                "linearStepPercent only with strategy linear",
                { deployment: { strategy: "canary", linearStepPercent: 10 } },
                "deployment.linearStepPercent",
                'applies only to strategy "linear"',
            ],
            [
                "strategy is one of the four",
                { deployment: { strategy: "blue-green" } },
                "deployment.strategy",
                '"all-at-once", "canary", "linear", "rolling"',
            ],
            ["alarm thresholds are at least 1", { alarms: { max5xxErrors: 0 } }, "alarms.max5xxErrors", "1"],
            [
                "registry keeps 1-1000 tagged images",
                { registry: { keepTaggedImages: 0 } },
                "registry.keepTaggedImages",
                "1",
            ],
            [
                "registry expires untagged images after 1-365 days",
                { registry: { untaggedExpiryDays: 366 } },
                "registry.untaggedExpiryDays",
                "365",
            ],
            ["at most 10 variants", { variants: variants(11) }, "variants", "10"],
            [
                "waitMinutes at most 60",
                { deployment: { strategy: "canary", waitMinutes: 61, maximumExecutionTimeoutMinutes: 240 } },
                "deployment.waitMinutes",
                "60",
            ],
            [
                "maximumExecutionTimeoutMinutes at least 10",
                { deployment: { strategy: "all-at-once", maximumExecutionTimeoutMinutes: 5 } },
                "deployment.maximumExecutionTimeoutMinutes",
                "10",
            ],
            [
                "a linear step is at least 10% (SageMaker's LinearStepSize range is 10-50%)",
                { deployment: { strategy: "linear", linearStepPercent: 5 } },
                "deployment.linearStepPercent",
                "10",
            ],
            [
                "the execution timeout must exceed every baking period plus the termination wait (linear: " +
                    "ceil(100/step) shifts)",
                { deployment: { ...linear10, maximumExecutionTimeoutMinutes: 60 } },
                "deployment.maximumExecutionTimeoutMinutes",
                "10 traffic shift(s) × waitMinutes 10 + terminationWaitMinutes 5 = 105 minutes",
            ],
            [
                "the timeout rule counts the defaults of unset keys (canary: 2 × 30 + 5 ≥ 60)",
                { deployment: { strategy: "canary", waitMinutes: 30 } },
                "deployment.maximumExecutionTimeoutMinutes",
                "= 65 minutes",
            ],
        ]);
        it("a timeout above the total wait passes", () =>
            accepts({ deployment: { ...linear10, maximumExecutionTimeoutMinutes: 120 } }));
        refusals([
            [
                "at most 5 variants with a deployment config (2 rollback alarms each, SageMaker takes at most 10)",
                { deployment: { strategy: "all-at-once" }, variants: variants(6) },
                "variants",
                "at most 10 alarms",
            ],
        ]);
        it("6 variants are fine without a deployment config (no auto-rollback)", () =>
            accepts({ variants: variants(6) }));
        refusals([
            [
                "capture content types may not be an empty list",
                { dataCapture: { enabled: true, csvContentTypes: [] } },
                "dataCapture.csvContentTypes",
                "at least one content type",
            ],
            [
                "capture content types are MIME types",
                { dataCapture: { enabled: true, jsonContentTypes: ["json"] } },
                "dataCapture.jsonContentTypes[0]",
                "MIME type",
            ],
            [
                "at most 10 capture content types",
                {
                    dataCapture: {
                        enabled: true,
                        csvContentTypes: Array.from({ length: 11 }, (_, i) => `text/csv${i}`),
                    },
                },
                "dataCapture.csvContentTypes",
                "at most 10",
            ],
        ]);
    });

    describe("stable variant names under blue/green", () => {
        refusals([
            [
                "a versioned name is refused when a deployment is configured",
                { variants: [variant({ name: "primary-v2" })], deployment: { strategy: "all-at-once" } },
                "variants[0].name",
                "same variant names",
            ],
            [
                "a date-stamped name is refused",
                { variants: [variant({ name: "model-20240101" })], deployment: { strategy: "canary" } },
                "variants[0].name",
                "looks like a release",
            ],
            [
                "a name containing the image tag is refused",
                {
                    image: { tag: "rfm-xgb" },
                    variants: [variant({ name: "primary-rfm-xgb-a" })],
                    deployment: { strategy: "linear" },
                },
                "variants[0].name",
                "looks like a release",
            ],
        ]);
        it("role names pass", () =>
            accepts({ variants: [variant({}), variant({ name: "challenger" })], deployment: { strategy: "canary" } }));
        it("without a deployment config, versioned names are allowed (plain updates)", () =>
            accepts({ variants: [variant({ name: "primary-v2" })] }));
    });
});

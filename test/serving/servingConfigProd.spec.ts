import * as assert from "assert";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { resolveVariants } from "../../components/serving/servingSpec";
import { serving, config, rejects } from "../support/servingConfigFixtures";

describe("serving config", () => {
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
                autoscaling: { minInstances: 1, maxInstances: 6, invocationsPerInstance: 1000 },
            };
            rejects("prod", s, "variants[0].autoscaling.minInstances", "at least 2 in prod");
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
});

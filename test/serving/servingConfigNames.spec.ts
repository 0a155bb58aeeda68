import * as assert from "assert";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { serving, config, rejects, variant } from "../support/servingConfigFixtures";

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
});

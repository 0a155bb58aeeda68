import * as assert from "assert";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { serving, config, rejects } from "../support/servingConfigFixtures";

describe("serving config", () => {
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
});

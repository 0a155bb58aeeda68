import * as assert from "assert";
import * as path from "path";
import { environmentProfile, readPlatformConfig } from "../../components/platform/platformConfig";
import { loadStack } from "../../tools/plan/stackFiles";
import { minimalPlatformConfig } from "../support/platformConfigFixtures";

const projectDir = path.resolve(__dirname, "..", "..", "..");

describe("config", () => {
    describe("stack files of this repository", () => {
        for (const stack of ["dev", "prod"]) {
            it(`Pulumi.${stack}.yaml is valid`, () => {
                const files = loadStack(projectDir, { stack });
                const config = readPlatformConfig(files.config);
                assert.strictEqual(config.environment, stack);
                assert.strictEqual(config.featureStore.project, "customer_segmentation");
                assert.deepStrictEqual(Object.keys(config.featureStore.featureViews[0].features).length, 11);
            });
        }

        it("decodes structured values the way Pulumi stores them (JSON strings)", () => {
            const config = readPlatformConfig({
                "aws:region": "eu-west-1",
                "mlops-platform:environment": "prod",
                "mlops-platform:featureStore": JSON.stringify(minimalPlatformConfig().featureStore),
                "mlops-platform:network": JSON.stringify({ availabilityZoneIds: ["euw1-az1", "euw1-az2", "euw1-az3"] }),
            });
            assert.strictEqual(config.environment, "prod");
            assert.strictEqual(config.featureStore.featureViews[0].joinKey, "customerid");
        });
    });

    describe("environment profiles", () => {
        it("dev is cheap and disposable", () => {
            const dev = environmentProfile("dev");
            assert.deepStrictEqual(
                [
                    dev.protectStatefulResources,
                    dev.forceDestroyBuckets,
                    dev.tableDeletionProtection,
                    dev.natGateways,
                    dev.kmsDeletionWindowDays,
                ],
                [false, true, false, "single", 7],
            );
        });
        it("prod is protected and hardened", () => {
            const prod = environmentProfile("prod");
            assert.deepStrictEqual(
                [
                    prod.protectStatefulResources,
                    prod.forceDestroyBuckets,
                    prod.tableDeletionProtection,
                    prod.natGateways,
                    prod.kmsDeletionWindowDays,
                    prod.logRetentionDays,
                ],
                [true, false, true, "onePerAz", 30, 365],
            );
        });
    });
});

/** A minimal valid stack config and a reader of its problems, shared by the platform-config specs. */
import * as assert from "assert";
import { ConfigError } from "../../components/core/configErrors";
import type { FeatureViewArgs } from "../../components/featureStore/featureViewSettings";
import { parsePlatformConfig } from "../../components/platform/platformConfig";

/** The generated VPC by AZ ID, which the serverless engine (the default) requires. */
export const SERVERLESS_NETWORK = Object.freeze({
    availabilityZoneIds: Object.freeze(["use1-az1", "use1-az2", "use1-az4"]) as string[],
});

/** The source chapters' feature view with one feature: any valid feature store, for specs about other sections. */
export function rfmFeatureStore(): { project: string; featureViews: FeatureViewArgs[] } {
    return {
        project: "customer_segmentation",
        featureViews: [
            {
                name: "customer_rfm_features",
                entity: "customer",
                joinKey: "customerid",
                features: { recency: "int32" },
            },
        ],
    };
}

/** A minimal valid config (dev, one feature view); each test changes one thing. */
export function minimalPlatformConfig(): Record<string, any> {
    return {
        environment: "dev",
        network: { availabilityZoneIds: [...SERVERLESS_NETWORK.availabilityZoneIds] },
        featureStore: {
            project: "customer_segmentation",
            featureViews: [
                {
                    name: "customer_rfm_features",
                    entity: "customer",
                    joinKey: "customerid",
                    features: { recency: "int32", monetaryvalue: "double" },
                },
            ],
        },
    };
}

/** The ConfigError problems of a config, or none when it is accepted (any other error fails the test). */
export function configProblems(raw: unknown): string[] {
    try {
        parsePlatformConfig(raw);
        return [];
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return [...err.problems];
    }
}

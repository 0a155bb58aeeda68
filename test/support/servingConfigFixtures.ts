/** A valid serving section per environment and readers of the problems a broken one reports. */
import * as assert from "assert";
import { ConfigError } from "../../components/core/configErrors";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { PROD_VARIANTS } from "./endpointFixtures";
import { rfmFeatureStore, SERVERLESS_NETWORK } from "./platformConfigFixtures";

/** A valid serving section for `environment`; each test breaks one thing. */
export function serving(environment: "dev" | "prod", overrides: Record<string, unknown> = {}): Record<string, any> {
    const base =
        environment === "prod"
            ? {
                  endpointName: "customer-segmentation",
                  image: { tag: "v0.0" },
                  // A copy per call: tests edit the section they get.
                  variants: structuredClone(PROD_VARIANTS),
                  dataCapture: { enabled: true, samplingPercentage: 20 },
                  deployment: { strategy: "canary", canaryPercent: 10, waitMinutes: 10 },
                  monitoring: { engine: "model-monitor", frequency: "daily" },
              }
            : {
                  endpointName: "customer-segmentation-dev",
                  image: { tag: "v0.0" },
                  variants: [{ name: "primary", instanceType: "ml.t2.medium", initialInstanceCount: 1 }],
              };
    return { ...base, ...overrides };
}

export function config(environment: "dev" | "prod", servingSection: unknown): Record<string, unknown> {
    return {
        environment,
        network: SERVERLESS_NETWORK,
        featureStore: rfmFeatureStore(),
        serving: servingSection,
    };
}

export function problems(environment: "dev" | "prod", servingSection: unknown): string[] {
    try {
        parsePlatformConfig(config(environment, servingSection));
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return [...err.problems];
    }
    assert.fail("expected the serving config to be rejected");
}

/** Asserts exactly one problem, naming `key`, containing `text`. */
export function rejects(environment: "dev" | "prod", servingSection: unknown, key: string, text: string): void {
    const found = problems(environment, servingSection);
    assert.strictEqual(found.length, 1, `expected one problem, got:\n${found.join("\n")}`);
    assert.ok(found[0].startsWith(`mlops-platform:serving.${key}: `), `expected key ${key}: ${found[0]}`);
    assert.ok(found[0].includes(text), `expected "${text}" in: ${found[0]}`);
}

export const variant = (extra: Record<string, unknown>) => ({
    name: "primary",
    instanceType: "ml.t2.medium",
    ...extra,
});

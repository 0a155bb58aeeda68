/**
 * The package's runtime surface: the components and the enum objects their args use. Anything
 * else exported widens the semver contract (CHANGELOG.md), so this list changes only on purpose.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";

const api = require("../../components/index") as Record<string, unknown>;

/** The components: every exported class but ConfigError is a Pulumi component. */
const COMPONENTS = [
    "CiDeployRole",
    "DataLake",
    "EncryptionKey",
    "FeatureStore",
    "MlopsPlatform",
    "ModelEndpoint",
    "ModelMonitor",
    "ModelRegistry",
    "Network",
    "Orchestration",
    "SecureBucket",
];
/** Enum objects named by args (`Environment.prod`, ...). */
const ENUMS = [
    "AirflowLogLevel",
    "AirflowVersion",
    "DeploymentStrategy",
    "Environment",
    "FeatureType",
    "JoinKeyType",
    "MonitoringEngine",
    "MonitoringFrequency",
    "MwaaEnvironmentClass",
    "NatGateways",
    "OfflineStoreEngine",
    "OnlineBillingMode",
    "RedshiftNodeType",
    "WebserverAccessMode",
];

describe("package: public API", () => {
    it("exports only the components, the enums their args use, ConfigError and the platform contract", () => {
        assert.deepStrictEqual(
            Object.keys(api).sort(),
            [
                ...COMPONENTS,
                ...ENUMS,
                "ConfigError",
                "PLATFORM_OUTPUTS_VERSION",
                "PlatformReference",
                "platformOutputs",
            ].sort(),
        );
    });

    it("every exported component is a ComponentResource", () => {
        for (const name of COMPONENTS) {
            const ctor = api[name] as { prototype: unknown };
            assert.ok(ctor.prototype instanceof pulumi.ComponentResource, name);
        }
    });
});

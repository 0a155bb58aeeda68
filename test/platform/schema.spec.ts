import * as assert from "assert";
import { z } from "zod";
import { platformConfigSchema } from "../../components/platform/platformConfig";
import * as fs from "fs";
import {
    packageSchema,
    PackageSchema,
    SCHEMA_FILE,
    SchemaProperty,
    schemaFileText,
} from "../../tools/package/packageSchema";
import { awaitSchemaCaches } from "../support/recordedPlans";

/** Unwraps optional / refined zod schemas down to the structural one. */
function structural(schema: z.ZodType): z.ZodType {
    let s = schema;
    while (s instanceof z.ZodOptional || s instanceof z.ZodPipe)
        s = s instanceof z.ZodOptional ? (s.unwrap() as z.ZodType) : (s.in as z.ZodType);
    return s;
}

const COMPONENTS = [
    "CiDeployRole",
    "EncryptionKey",
    "SecureBucket",
    "DataLake",
    "FeatureStore",
    "Network",
    "Orchestration",
    "ModelRegistry",
    "ModelEndpoint",
    "ModelMonitor",
    "MlopsPlatform",
];

describe("component package schema (what pulumi package add generates SDKs from)", function () {
    this.timeout(120_000);
    let schema: PackageSchema;
    before(async () => {
        awaitSchemaCaches();
        schema = await packageSchema();
    });
    const resource = (name: string) => schema.resources[`mlops-platform:index:${name}`];
    const type = (name: string) => schema.types[`mlops-platform:index:${name}`];

    it("has every public component as a component resource", () => {
        assert.strictEqual(schema.name, "mlops-platform");
        assert.deepStrictEqual(
            Object.keys(schema.resources).sort(),
            COMPONENTS.map((c) => `mlops-platform:index:${c}`).sort(),
        );
        for (const name of COMPONENTS)
            assert.strictEqual((resource(name) as { isComponent?: boolean }).isComponent, true, name);
    });

    it("types environment-like settings as named enums", () => {
        assert.deepStrictEqual(
            type("Environment").enum?.map((e) => e.value),
            ["dev", "staging", "prod"],
        );
        assert.deepStrictEqual(
            type("FeatureType")
                .enum?.map((e) => e.value)
                .sort(),
            ["bool", "double", "float", "int32", "int64", "string", "timestamp"],
        );
        assert.deepStrictEqual(
            type("OfflineStoreEngine").enum?.map((e) => e.value),
            ["redshift-serverless", "redshift-cluster"],
        );
        assert.deepStrictEqual(
            type("DeploymentStrategy").enum?.map((e) => e.value),
            ["all-at-once", "canary", "linear", "rolling"],
        );
        assert.deepStrictEqual(
            type("MwaaEnvironmentClass").enum?.map((e) => e.value),
            ["mw1.micro", "mw1.small", "mw1.medium", "mw1.large", "mw1.xlarge", "mw1.2xlarge"],
        );
        assert.deepStrictEqual(resource("SecureBucket").inputProperties?.environment, {
            $ref: "#/types/mlops-platform:index:Environment",
            plain: true,
            description: "Deployment environment; selects forceDestroy, protection and retention defaults.",
        });
    });

    it("takes resource-derived values as inputs and config values as plain", () => {
        const inputs = resource("FeatureStore").inputProperties!;
        assert.deepStrictEqual(
            [inputs.kmsKeyArn.type, (inputs.kmsKeyArn as { plain?: boolean }).plain],
            ["string", undefined],
        );
        assert.deepStrictEqual(inputs.featureViews.type, "array");
        assert.deepStrictEqual(inputs.featureViews.items?.$ref, "#/types/mlops-platform:index:FeatureViewArgs");
        assert.deepStrictEqual(resource("FeatureStore").requiredInputs?.sort(), [
            "environment",
            "featureViews",
            "kmsKeyArn",
            "offlineBucketArn",
            "offlineBucketName",
            "project",
            "registryBucketName",
        ]);
        const view = type("FeatureViewArgs");
        assert.deepStrictEqual(view.properties?.features, {
            type: "object",
            additionalProperties: { $ref: "#/types/mlops-platform:index:FeatureType", plain: true },
            description: "Feature name → value type.",
            plain: true,
        });
    });

    it("exposes the documented outputs of each component, and no child components", () => {
        const outputs = (name: string) => Object.keys(resource(name).properties ?? {});
        assert.deepStrictEqual(outputs("EncryptionKey"), ["key", "keyArn", "aliasArn"]);
        assert.deepStrictEqual(outputs("SecureBucket"), ["bucket", "bucketName", "bucketArn"]);
        assert.deepStrictEqual(outputs("DataLake"), [
            "accessLogs",
            "raw",
            "offlineStore",
            "featureRegistry",
            "modelRegistry",
            "predictions",
            "dataCapture",
            "bucketNames",
        ]);
        assert.deepStrictEqual(resource("DataLake").properties?.raw.$ref, "#/types/mlops-platform:index:BucketRef");
        assert.ok(
            outputs("FeatureStore").includes("featureStoreYaml") && outputs("FeatureStore").includes("onlineTableArns"),
        );
        assert.deepStrictEqual(outputs("ModelRegistry"), ["repositoryUrl", "repositoryArn", "repositoryName"]);
        assert.deepStrictEqual(outputs("ModelEndpoint"), [
            "endpointName",
            "endpointArn",
            "endpointConfigName",
            "roleArn",
            "modelNames",
            "alarmNames",
            "dataCaptureDestination",
            "securityGroupId",
            "modelPackageGroupName",
            "modelPackageGroupArn",
            "asyncOutputUri",
            "monitoringScheduleName",
            "monitoringRoleArn",
            "monitoringBaselineUri",
            "expected",
        ]);
        assert.deepStrictEqual(outputs("ModelMonitor"), [
            "roleArn",
            "jobDefinitionName",
            "scheduleName",
            "alarmNames",
            "baselineUri",
            "reportsUri",
        ]);
        assert.ok(
            outputs("Orchestration").includes("webserverUrl") &&
                outputs("Orchestration").includes("executionRoleArn") &&
                outputs("Orchestration").includes("processingRoleArn"),
        );
        assert.ok(
            outputs("MlopsPlatform").includes("featureStoreYaml") &&
                outputs("MlopsPlatform").includes("servingEndpointName"),
        );
        const allRefs = JSON.stringify(schema.resources);
        for (const component of COMPONENTS)
            assert.ok(
                !allRefs.includes(`resources/mlops-platform:index:${component}`),
                `${component} leaks as an output`,
            );
    });

    it("gives MlopsPlatform the stack config contract as typed inputs", () => {
        const inputs = resource("MlopsPlatform").inputProperties!;
        assert.deepStrictEqual(Object.keys(inputs), [
            "environment",
            "tags",
            "network",
            "encryption",
            "dataLake",
            "featureStore",
            "orchestration",
            "pipelines",
            "serving",
            "ci",
            "cost",
        ]);
        assert.deepStrictEqual(resource("MlopsPlatform").requiredInputs?.sort(), ["environment", "featureStore"]);
        assert.deepStrictEqual(Object.keys(type("PlatformServingArgs").properties ?? {}).sort(), [
            "alarms",
            "asyncInference",
            "dataCapture",
            "deployment",
            "enabled",
            "endpointName",
            "image",
            "monitoring",
            "registry",
            "shadowVariants",
            "variants",
            "vpc",
        ]);
        // Settings shared with the components are one type, not copies.
        assert.deepStrictEqual(inputs.featureStore.$ref, "#/types/mlops-platform:index:FeatureStoreSettings");
        assert.deepStrictEqual(inputs.network.$ref, "#/types/mlops-platform:index:NetworkSettings");
    });

    it("accepts exactly the config keys the components use, at every depth (no key is silently ignored)", () => {
        const mismatches: string[] = [];
        const walk = (zod: z.ZodType, prop: SchemaProperty, path: string) => {
            const node = structural(zod);
            if (node instanceof z.ZodObject) {
                const t = prop.$ref ? type(prop.$ref.split(":").pop()!) : undefined;
                const typed = Object.keys(t?.properties ?? {}).sort();
                const configured = Object.keys(node.shape).sort();
                if (JSON.stringify(typed) !== JSON.stringify(configured))
                    mismatches.push(`${path}: config ${configured.join(",")} vs args ${typed.join(",")}`);
                for (const key of configured) {
                    const child = t?.properties?.[key];
                    if (child) walk(node.shape[key] as z.ZodType, child, `${path}.${key}`);
                }
            } else if (node instanceof z.ZodArray && prop.items) {
                walk(node.element as z.ZodType, prop.items, `${path}[]`);
            } else if (node instanceof z.ZodRecord && prop.additionalProperties) {
                walk(node.valueType as z.ZodType, prop.additionalProperties, `${path}{}`);
            } else if (node instanceof z.ZodNumber) {
                // A whole number in the config is an integer in every generated SDK, and only those are.
                const expected = node.isInt ? "integer" : "number";
                if (prop.type !== expected) mismatches.push(`${path}: config ${expected} vs args ${prop.type}`);
            }
        };
        const inputs = resource("MlopsPlatform").inputProperties!;
        for (const [key, zod] of Object.entries(platformConfigSchema.shape)) {
            if (!inputs[key]) mismatches.push(`${key}: not an MlopsPlatform input`);
            else walk(zod as z.ZodType, inputs[key], key);
        }
        assert.deepStrictEqual(mismatches, []);
    });

    it("types counts, sizes and durations as integers, and only fractions as numbers", () => {
        const numbers: string[] = [];
        let integers = 0;
        const visit = (owner: string, props: Record<string, SchemaProperty> | undefined) => {
            for (const [key, prop] of Object.entries(props ?? {})) {
                const leaf = prop.items ?? prop.additionalProperties ?? prop;
                if (leaf.type === "number") numbers.push(`${owner}.${key}`);
                if (leaf.type === "integer") integers++;
            }
        };
        for (const [token, t] of Object.entries(schema.types)) visit(token.split(":")[2], t.properties);
        for (const name of COMPONENTS) visit(name, resource(name).inputProperties);
        // Variant weights are floats for SageMaker (InitialVariantWeight), the async backlog target a
        // TargetValue (Double, Application Auto Scaling), a budget dollars and cents, drift thresholds fractions of 1.
        assert.deepStrictEqual(numbers.sort(), [
            "AsyncScalingArgs.backlogPerInstance",
            "CostSettings.monthlyBudgetUsd",
            "ModelEndpointVariantArgs.weight",
            "ModelMonitor.driftThreshold",
            "MonitoringArgs.driftThreshold",
            "VariantSpec.weight",
        ]);
        assert.ok(integers >= 70, `${integers} integer properties`);
        assert.deepStrictEqual(type("VariantAutoscalingArgs").properties?.minInstances.type, "integer");
        assert.deepStrictEqual(resource("SecureBucket").inputProperties?.expirationDays.type, "integer");
    });

    it("describes every object type (the analyzer alone leaves the types of late-visited files bare)", () => {
        const bare = Object.entries(schema.types)
            .filter(([, t]) => !t.description || t.description.length < 10)
            .map(([token]) => token.split(":")[2]);
        assert.deepStrictEqual(bare, []);
    });

    it("ships schema.json as generated (what the plugin host serves to pulumi package add)", () => {
        const shipped = fs.readFileSync(SCHEMA_FILE, "utf8");
        assert.ok(
            shipped === schemaFileText(schema),
            "schema.json is stale: run node bin/tools/package/packageSchema.js --write",
        );
    });

    it("documents every input and output", () => {
        const undocumented: string[] = [];
        for (const name of COMPONENTS) {
            for (const [key, prop] of Object.entries({
                ...resource(name).inputProperties,
                ...resource(name).properties,
            })) {
                if (!prop.description || prop.description.length < 10) undocumented.push(`${name}.${key}`);
            }
        }
        for (const [token, t] of Object.entries(schema.types)) {
            for (const [key, prop] of Object.entries(t.properties ?? {})) {
                if (!prop.description || prop.description.length < 10)
                    undocumented.push(`${token.split(":")[2]}.${key}`);
            }
        }
        assert.deepStrictEqual(undocumented, []);
    });
});

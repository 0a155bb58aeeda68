/**
 * The stack configuration contract (Pulumi config namespace `mlops-platform`): the composition of
 * every section's schema (each lives in its settings module, beside its component) and the rules
 * that span sections. Every schema is strict: an unknown key is an error, so a typo can never pass
 * silently.
 */
import { z } from "zod";
import { CONFIG_NAMESPACE, parseConfigSection } from "../core/configErrors";
import { Environment, ENVIRONMENTS, PLATFORM_DEFAULTS } from "../core/environment";
import { stackTags, tagsSchema } from "../core/tags";
import { ciSchema } from "../ci/ciSettings";
import { costProblems, costSchema } from "../cost/budgetSettings";
import {
    FEATURE_STORE_DEFAULTS,
    featureStoreSchema,
    OFFLINE_STORE_DEFAULTS,
    resolveOfflineStore,
} from "../featureStore/featureStoreSettings";
import { redshiftNodeProblems } from "../featureStore/redshiftRules";
import { subnetSizingProblems } from "../network/addressRules";
import { NETWORK_DEFAULTS, networkSchema } from "../network/networkSettings";
import {
    MWAA_CAPACITY_KEYS,
    MWAA_DEFAULTS,
    MwaaCapacity,
    mwaaCapacityProblems,
    orchestrationSchema,
    PUBLIC_WEBSERVER_ACCESS_MODES,
    resolveMwaaCapacity,
} from "../orchestration/orchestrationSettings";
import { PIPELINE_DEFAULTS, pipelineSchema } from "../orchestration/pipelineSettings";
import { REGISTRY_DEFAULTS } from "../serving/registrySettings";
import { servingEnvironmentProblems, servingSchema } from "../serving/servingSchema";
import { DATA_LAKE_DEFAULTS, dataLakeSchema } from "../storage/dataLakeSettings";
import { ENCRYPTION_DEFAULTS, encryptionSchema } from "../storage/encryptionSettings";

/**
 * Why the serverless engine needs the AZs by ID: "make sure that the subnet IDs provided in Subnet contain
 * at least three of the supported Availability Zone IDs" (Redshift management guide, "Considerations when
 * using Amazon Redshift Serverless"), a list AWS does not publish, so no default can be known to be safe.
 */
const AZ_IDS_REQUIRED =
    "is required with engine redshift-serverless: it needs subnets in three AZ IDs it supports and AWS " +
    "publishes no list to default from (Redshift guide, serverless-usage-considerations); e.g. [use1-az1, " +
    "use1-az2, use1-az4]";

/** The whole `mlops-platform:*` config namespace. */
export const platformConfigSchema = z
    .strictObject({
        environment: z.enum(ENVIRONMENTS),
        tags: tagsSchema.optional(),
        network: networkSchema.optional(),
        encryption: encryptionSchema.optional(),
        dataLake: dataLakeSchema.optional(),
        featureStore: featureStoreSchema,
        orchestration: orchestrationSchema.optional(),
        pipelines: pipelineSchema.optional(),
        serving: servingSchema.optional(),
        ci: ciSchema.optional(),
        cost: costSchema.optional(),
    })
    .superRefine((c, ctx) => {
        // Values left unset come from the environment profile; the combination must still be valid
        // (e.g. minWorkers: 3 with dev's default maxWorkers of 2). Problems of the explicit values
        // alone were already reported by the orchestration schema.
        const orchestration = c.orchestration ?? {};
        if (orchestration.enabled === false) {
            if (c.pipelines !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: ["pipelines"],
                    message: "the steps run as Processing jobs started by MWAA: remove it or enable orchestration",
                });
            }
            return;
        }
        const explicit = new Set(mwaaCapacityProblems(orchestration).map((p) => `${p.key}: ${p.message}`));
        for (const p of mwaaCapacityProblems(resolveMwaaCapacity(c.environment, orchestration))) {
            if (explicit.has(`${p.key}: ${p.message}`)) continue;
            const setKey =
                orchestration[p.key] !== undefined
                    ? p.key
                    : ((Object.keys(orchestration) as (keyof MwaaCapacity)[]).find((k) => k in MWAA_CAPACITY_KEYS) ??
                      p.key);
            ctx.addIssue({
                code: "custom",
                path: ["orchestration", setKey],
                message: `${p.message} (with the ${c.environment} defaults for unset keys)`,
            });
        }
    })
    .superRefine((c, ctx) => {
        // Redshift Serverless needs subnets in at least three AZs (MWAA is content with two).
        if ((c.featureStore.offlineStore?.engine ?? OFFLINE_STORE_DEFAULTS.engine) !== "redshift-serverless") return;
        const network = c.network ?? {};
        // (Fewer than two subnets is already reported by the network schema.)
        const message =
            "needs at least 3 (Redshift Serverless requires subnets in three AZs); use engine redshift-cluster for two";
        if (network.privateSubnetIds !== undefined && network.privateSubnetIds.length === 2) {
            ctx.addIssue({ code: "custom", path: ["network", "privateSubnetIds"], message });
        } else if (network.vpcId !== undefined) {
            return;
        } else if (network.availabilityZoneIds !== undefined) {
            if (network.availabilityZoneIds.length < 3)
                ctx.addIssue({ code: "custom", path: ["network", "availabilityZoneIds"], message });
        } else if ((network.availabilityZones ?? NETWORK_DEFAULTS[c.environment].availabilityZones) < 3) {
            ctx.addIssue({ code: "custom", path: ["network", "availabilityZones"], message });
        } else {
            // The Region's first AZ names (awsx's choice) may include a zone Serverless does not support.
            ctx.addIssue({ code: "custom", path: ["network", "availabilityZoneIds"], message: AZ_IDS_REQUIRED });
        }
    })
    .superRefine((c, ctx) => {
        // Rules on values the environment's defaults complete: the generated VPC's subnet sizes and
        // the cluster's node count (dev runs 1 node, which ra3.4xlarge/ra3.16xlarge cannot).
        const network = c.network ?? {};
        if (network.cidrBlock !== undefined && network.vpcId === undefined) {
            const zones =
                network.availabilityZoneIds?.length ??
                network.availabilityZones ??
                NETWORK_DEFAULTS[c.environment].availabilityZones;
            for (const message of subnetSizingProblems(network.cidrBlock, zones))
                ctx.addIssue({ code: "custom", path: ["network", "cidrBlock"], message });
        }
        // (An explicit numberOfNodes is checked by the offline-store schema.)
        const offline = c.featureStore.offlineStore;
        if (offline?.engine === "redshift-cluster" && offline.numberOfNodes === undefined) {
            const resolved = resolveOfflineStore(c.environment, offline);
            for (const message of redshiftNodeProblems(resolved.nodeType, resolved.numberOfNodes))
                ctx.addIssue({
                    code: "custom",
                    path: ["featureStore", "offlineStore", "nodeType"],
                    message: `${message} (the ${c.environment} default node count)`,
                });
        }
    })
    .superRefine((c, ctx) => {
        for (const p of costProblems(c.cost ?? {}, stackTags(c.environment, c.tags))) {
            ctx.addIssue({ code: "custom", path: ["cost", p.key], message: p.message });
        }
    })
    .superRefine((c, ctx) => {
        if (c.environment !== "prod") return;
        const accessMode = c.orchestration?.webserverAccessMode;
        if (accessMode !== undefined && PUBLIC_WEBSERVER_ACCESS_MODES.includes(accessMode)) {
            ctx.addIssue({
                code: "custom",
                path: ["orchestration", "webserverAccessMode"],
                message: `${accessMode} is refused in prod; use PRIVATE_ONLY and reach the UI through the VPC`,
            });
        }
        if (c.serving === undefined) return;
        for (const p of servingEnvironmentProblems(c.environment, c.serving)) {
            ctx.addIssue({ code: "custom", path: ["serving", ...p.path], message: p.message });
        }
    });

/** Validated stack configuration, exactly as written (defaults are applied by components). */
export type PlatformConfig = z.infer<typeof platformConfigSchema>;

/**
 * Validates raw config values (already JSON-decoded) against the contract.
 * Throws `ConfigError` listing every problem by key path.
 */
export function parsePlatformConfig(raw: unknown): PlatformConfig {
    return parseConfigSection(platformConfigSchema, raw, CONFIG_NAMESPACE);
}

/**
 * Reads the `mlops-platform:*` namespace from a flat Pulumi config map (`{"mlops-platform:environment": "prod", ...}`,
 * structured values JSON-encoded as Pulumi stores them) and validates it. Keys of other namespaces are ignored.
 */
export function readPlatformConfig(flat: Record<string, string>): PlatformConfig {
    const raw: Record<string, unknown> = {};
    for (const [fullKey, value] of Object.entries(flat)) {
        const [namespace, key] = fullKey.split(":", 2);
        if (namespace !== CONFIG_NAMESPACE || key === undefined) continue;
        raw[key] = decodeConfigValue(value);
    }
    return parsePlatformConfig(raw);
}

function decodeConfigValue(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/**
 * Every section's defaults for one environment, side by side (for docs and reviews). Composed from
 * the settings modules; no default is defined here.
 */
export function environmentProfile(environment: Environment) {
    return {
        ...PLATFORM_DEFAULTS[environment],
        ...ENCRYPTION_DEFAULTS[environment],
        ...DATA_LAKE_DEFAULTS[environment],
        ...NETWORK_DEFAULTS[environment],
        ...FEATURE_STORE_DEFAULTS[environment],
        mwaa: MWAA_DEFAULTS[environment],
        pipelineSteps: PIPELINE_DEFAULTS[environment],
        registry: REGISTRY_DEFAULTS[environment],
    };
}

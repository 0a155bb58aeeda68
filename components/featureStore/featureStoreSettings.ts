/**
 * `mlops-platform:featureStore`: Feast's project and both stores, the names Feast and Redshift are
 * reached by, and the defaults per environment (the feature views: featureViewSettings.ts).
 */
import { z } from "zod";
import { Environment, PerEnvironment } from "../core/environment";
import { identifier } from "../core/schemaPrimitives";
import { feastViewProblems } from "./feastRules";
import { redshiftNameProblems, redshiftNodeProblems } from "./redshiftRules";
import { FeatureViewArgs, featureViewSchema } from "./featureViewSettings";
import type { Integer } from "../core/schemaPrimitives";

/** Offline store engines. */
export const OfflineStoreEngine = {
    redshiftServerless: "redshift-serverless",
    redshiftCluster: "redshift-cluster",
} as const;
/** An offline store engine. */
export type OfflineStoreEngine = (typeof OfflineStoreEngine)[keyof typeof OfflineStoreEngine];

/** Redshift node types the provisioned offline store may use (RA3: managed storage, Spectrum). */
export const RedshiftNodeType = {
    ra3Large: "ra3.large",
    ra3XlPlus: "ra3.xlplus",
    ra3_4xLarge: "ra3.4xlarge",
    ra3_16xLarge: "ra3.16xlarge",
} as const;
/** A Redshift node type. */
export type RedshiftNodeType = (typeof RedshiftNodeType)[keyof typeof RedshiftNodeType];

/** DynamoDB billing modes for the online store. */
export const OnlineBillingMode = { payPerRequest: "PAY_PER_REQUEST", provisioned: "PROVISIONED" } as const;
/** A DynamoDB billing mode. */
export type OnlineBillingMode = (typeof OnlineBillingMode)[keyof typeof OnlineBillingMode];

/** Offline store engine settings. */
export interface OfflineStoreArgs {
    /** Redshift Serverless (default) or a provisioned cluster. */
    readonly engine?: OfflineStoreEngine;
    /**
     * Serverless base capacity in RPU (4; 8–512 in steps of 8; 544–1024 in steps of 32 where AWS offers it).
     * Default: 4 in dev, else 8.
     */
    readonly baseCapacityRpu?: Integer;
    /** Serverless capacity ceiling in RPU. Default: none (AWS default). */
    readonly maxCapacityRpu?: Integer;
    /** Database name. Default: "feast". */
    readonly databaseName?: string;
    /** Admin user name; its password is generated and kept in Secrets Manager. Default: "feast_admin". */
    readonly adminUsername?: string;
    /** Cluster node type. Default: "ra3.large". */
    readonly nodeType?: RedshiftNodeType;
    /** Cluster node count: ra3.large/xlplus 1-16, ra3.4xlarge 2-32, ra3.16xlarge 2-128. Default: 1 (2 in prod). */
    readonly numberOfNodes?: Integer;
}

/** Online store (DynamoDB) settings. */
export interface OnlineStoreArgs {
    /** Billing mode. Default: "PAY_PER_REQUEST". */
    readonly billingMode?: OnlineBillingMode;
    /** PROVISIONED: initial and minimum read capacity. Default: 5. */
    readonly readCapacity?: Integer;
    /** PROVISIONED: initial and minimum write capacity. Default: 5. */
    readonly writeCapacity?: Integer;
    /** PROVISIONED: autoscaling ceiling for reads. Default: 10 × readCapacity. */
    readonly maxReadCapacity?: Integer;
    /** PROVISIONED: autoscaling ceiling for writes. Default: 10 × writeCapacity. */
    readonly maxWriteCapacity?: Integer;
}

/** The Feast settings of the stack config (`mlops-platform:featureStore`). */
export interface FeatureStoreSettings {
    /** Feast project name: Glue database name and DynamoDB table prefix. */
    readonly project: string;
    /** Feature views; one Glue table and one DynamoDB table each. */
    readonly featureViews: FeatureViewArgs[];
    /** Offline store engine settings. */
    readonly offlineStore?: OfflineStoreArgs;
    /** Online store settings. */
    readonly onlineStore?: OnlineStoreArgs;
    /**
     * Encrypt the account's Glue Data Catalog (metadata and connection passwords) with the stack key.
     * One setting per account and region, shared with every other team there: opt in only in an
     * account this stack owns. Retained on delete. Default: false.
     */
    readonly encryptDataCatalog?: boolean;
}

/** Key of the Feast registry object in the registry bucket (`feature_store.yaml` `registry.path`). */
export const FEAST_REGISTRY_KEY = "registry.db";
/** DynamoDB hash key of every online-store table (feast `infra/online_stores/dynamodb.py`). */
export const FEAST_ENTITY_KEY_ATTRIBUTE = "entity_id";
/**
 * Tag the Glue database carries when the stack leaves Data Catalog encryption to the account
 * (`encryptDataCatalog` false): the policy pack's catalog-encryption rule accepts it as that statement.
 */
export const CATALOG_ENCRYPTION_TAG = "mlops-platform:catalog-encryption";
/** Prefix of the offline bucket Redshift UNLOADs Feast's query results under. */
export const OFFLINE_STAGING_PREFIX = "staging/";
/** Database user the pipeline connects to a cluster as (Feast's `offline_store.user`), never the master user. */
export const PIPELINE_DB_USER = "feast_pipeline";
/** Redshift external schema over the Glue database: what the generated RedshiftSources read. */
export const OFFLINE_EXTERNAL_SCHEMA = "feast_offline";
/** Redshift schema Feast creates its entity tables in (unqualified `CREATE TABLE`: the search path's `public`). */
export const FEAST_WORK_SCHEMA = "public";
/** Prefix of the registry bucket holding the generated repository, one folder per version. */
export const FEAST_REPOSITORY_PREFIX = "feature_repo/";
/** Feast's DynamoDB table-name template (its default, written explicitly into `feature_store.yaml`). */
export const ONLINE_TABLE_NAME_TEMPLATE = "{project}.{table_name}";

/** The online table of a view: `ONLINE_TABLE_NAME_TEMPLATE` filled in (feast `infra/online_stores/dynamodb.py`). */
export function onlineTableName(project: string, viewName: string): string {
    return ONLINE_TABLE_NAME_TEMPLATE.replace("{project}", project).replace("{table_name}", viewName);
}

/** Offline-store defaults that do not depend on the environment. */
export const OFFLINE_STORE_DEFAULTS = {
    /** Serverless: nothing idle to pay, the capacity scales with the queries. */
    engine: "redshift-serverless",
    /** Database Feast's offline store queries (`feature_store.yaml` `database`). */
    databaseName: "feast",
    /** Admin user; its password lives only in Secrets Manager (the pipeline uses its own user). */
    adminUsername: "feast_admin",
    /** Smallest RA3 node, for the provisioned-cluster engine. */
    nodeType: "ra3.large",
} as const;

/** Online-store defaults (PROVISIONED tables start at, and scale down to, `capacity`; ceiling 10×). */
export const ONLINE_STORE_DEFAULTS = {
    /** On-demand tables: no capacity to plan, nothing idle to pay. */
    billingMode: "PAY_PER_REQUEST",
    /** PROVISIONED tables: starting (and minimum) read and write capacity units. */
    capacity: 5,
    /** PROVISIONED tables: autoscaling ceiling as a multiple of `capacity`. */
    ceilingFactor: 10,
} as const;

/** Feature-store defaults per environment. */
export const FEATURE_STORE_DEFAULTS: PerEnvironment<{
    /** DynamoDB tables refuse deletion. */
    readonly tableDeletionProtection: boolean;
    /**
     * Redshift Serverless base capacity (RPU). Dev: AWS's smallest, 4 RPU ("4 base RPU capacity is aimed at
     * warehouses with less than 32 TB of data",
     * https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html).
     */
    readonly redshiftBaseCapacityRpu: Integer;
    /** Redshift cluster node count. */
    readonly redshiftNumberOfNodes: Integer;
    /** Redshift cluster: days to keep automated snapshots. */
    readonly redshiftSnapshotRetentionDays: Integer;
    /** Redshift cluster: take a final snapshot on delete. */
    readonly redshiftFinalSnapshot: boolean;
    /**
     * Own the account-wide Glue Data Catalog encryption setting. Off everywhere: a stack's destroy
     * would otherwise reset it for the whole account and region (and with its key scheduled for
     * deletion, leave other teams' catalog objects unreadable).
     */
    readonly encryptDataCatalog: boolean;
}> = {
    dev: {
        tableDeletionProtection: false,
        redshiftBaseCapacityRpu: 4,
        redshiftNumberOfNodes: 1,
        redshiftSnapshotRetentionDays: 1,
        redshiftFinalSnapshot: false,
        encryptDataCatalog: false,
    },
    staging: {
        tableDeletionProtection: false,
        redshiftBaseCapacityRpu: 8,
        redshiftNumberOfNodes: 1,
        redshiftSnapshotRetentionDays: 7,
        redshiftFinalSnapshot: true,
        encryptDataCatalog: false,
    },
    prod: {
        tableDeletionProtection: true,
        redshiftBaseCapacityRpu: 8,
        redshiftNumberOfNodes: 2,
        redshiftSnapshotRetentionDays: 35,
        redshiftFinalSnapshot: true,
        encryptDataCatalog: false,
    },
};

/** The offline store with every default applied. */
export interface ResolvedOfflineStore {
    readonly engine: OfflineStoreEngine;
    readonly databaseName: string;
    readonly adminUsername: string;
    readonly baseCapacityRpu: Integer;
    readonly maxCapacityRpu?: Integer;
    readonly nodeType: RedshiftNodeType;
    readonly numberOfNodes: Integer;
    readonly snapshotRetentionDays: Integer;
    readonly finalSnapshot: boolean;
}

/** The online store with every default applied (capacities only matter for PROVISIONED). */
export interface ResolvedOnlineStore {
    readonly billingMode: OnlineBillingMode;
    readonly readCapacity: Integer;
    readonly writeCapacity: Integer;
    readonly maxReadCapacity: Integer;
    readonly maxWriteCapacity: Integer;
    readonly deletionProtection: boolean;
}

/** Applies the defaults to the offline-store settings (pure; no resources). */
export function resolveOfflineStore(environment: Environment, o: OfflineStoreArgs = {}): ResolvedOfflineStore {
    const d = FEATURE_STORE_DEFAULTS[environment];
    return {
        engine: o.engine ?? OFFLINE_STORE_DEFAULTS.engine,
        databaseName: o.databaseName ?? OFFLINE_STORE_DEFAULTS.databaseName,
        adminUsername: o.adminUsername ?? OFFLINE_STORE_DEFAULTS.adminUsername,
        baseCapacityRpu: o.baseCapacityRpu ?? d.redshiftBaseCapacityRpu,
        maxCapacityRpu: o.maxCapacityRpu,
        nodeType: o.nodeType ?? OFFLINE_STORE_DEFAULTS.nodeType,
        numberOfNodes: o.numberOfNodes ?? d.redshiftNumberOfNodes,
        snapshotRetentionDays: d.redshiftSnapshotRetentionDays,
        finalSnapshot: d.redshiftFinalSnapshot,
    };
}

/** Applies the defaults to the online-store settings (pure; no resources). */
export function resolveOnlineStore(environment: Environment, o: OnlineStoreArgs = {}): ResolvedOnlineStore {
    const readCapacity = o.readCapacity ?? ONLINE_STORE_DEFAULTS.capacity;
    const writeCapacity = o.writeCapacity ?? ONLINE_STORE_DEFAULTS.capacity;
    return {
        billingMode: o.billingMode ?? ONLINE_STORE_DEFAULTS.billingMode,
        readCapacity,
        writeCapacity,
        maxReadCapacity: o.maxReadCapacity ?? ONLINE_STORE_DEFAULTS.ceilingFactor * readCapacity,
        maxWriteCapacity: o.maxWriteCapacity ?? ONLINE_STORE_DEFAULTS.ceilingFactor * writeCapacity,
        deletionProtection: FEATURE_STORE_DEFAULTS[environment].tableDeletionProtection,
    };
}

const offlineStoreSchema = z
    .strictObject({
        engine: z.enum(OfflineStoreEngine).optional(),
        // Redshift Serverless base capacity
        // (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html):
        // 4 RPU, or multiples of 8 from 8 to 512; "the extended maximum base RPU capacity of 1024" (us-east-1,
        // us-east-2, us-west-2, eu-west-1, eu-central-1) "in increments of 32" between 512 and 1024. Which
        // regions offer 544+ is checked against the stack's region (platform/limits/redshift.ts).
        baseCapacityRpu: z
            .number()
            .int()
            .refine((n) => n === 4 || (n >= 8 && n <= 512 && n % 8 === 0) || (n > 512 && n <= 1024 && n % 32 === 0), {
                error: "must be 4, a multiple of 8 from 8 to 512, or a multiple of 32 from 544 to 1024",
            })
            .optional(),
        maxCapacityRpu: z.number().int().min(4).max(5632).optional(),
        databaseName: identifier.optional(),
        adminUsername: identifier.optional(),
        nodeType: z.enum(RedshiftNodeType).optional(),
        // The range depends on the node type (redshiftNodeProblems below).
        numberOfNodes: z.number().int().optional(),
    })
    .superRefine((o, ctx) => {
        const engine = o.engine ?? OFFLINE_STORE_DEFAULTS.engine;
        const clusterOnly = ["nodeType", "numberOfNodes"] as const;
        const serverlessOnly = ["baseCapacityRpu", "maxCapacityRpu"] as const;
        for (const key of engine === "redshift-serverless" ? clusterOnly : serverlessOnly) {
            if (o[key] !== undefined) {
                ctx.addIssue({ code: "custom", path: [key], message: `does not apply to engine "${engine}"` });
            }
        }
        if (o.maxCapacityRpu !== undefined && o.maxCapacityRpu < (o.baseCapacityRpu ?? 8)) {
            ctx.addIssue({ code: "custom", path: ["maxCapacityRpu"], message: "must be at least baseCapacityRpu" });
        }
        for (const p of redshiftNameProblems(o)) ctx.addIssue({ code: "custom", ...p });
        if (engine === "redshift-cluster" && o.numberOfNodes !== undefined)
            for (const message of redshiftNodeProblems(o.nodeType ?? OFFLINE_STORE_DEFAULTS.nodeType, o.numberOfNodes))
                ctx.addIssue({ code: "custom", path: ["numberOfNodes"], message });
    });

const onlineStoreSchema = z
    .strictObject({
        billingMode: z.enum(OnlineBillingMode).optional(),
        readCapacity: z.number().int().min(1).max(40000).optional(),
        writeCapacity: z.number().int().min(1).max(40000).optional(),
        maxReadCapacity: z.number().int().min(1).max(40000).optional(),
        maxWriteCapacity: z.number().int().min(1).max(40000).optional(),
    })
    .superRefine((o, ctx) => {
        const capacityKeys = ["readCapacity", "writeCapacity", "maxReadCapacity", "maxWriteCapacity"] as const;
        if ((o.billingMode ?? ONLINE_STORE_DEFAULTS.billingMode) === "PAY_PER_REQUEST") {
            for (const key of capacityKeys) {
                if (o[key] !== undefined) {
                    ctx.addIssue({ code: "custom", path: [key], message: "applies only to billingMode PROVISIONED" });
                }
            }
            return;
        }
        // The autoscaling ceiling may not sit below its floor (the initial capacity, default 5).
        for (const [max, min] of [
            ["maxReadCapacity", "readCapacity"],
            ["maxWriteCapacity", "writeCapacity"],
        ] as const) {
            const floor = o[min] ?? ONLINE_STORE_DEFAULTS.capacity;
            if (o[max] !== undefined && o[max] < floor) {
                ctx.addIssue({ code: "custom", path: [max], message: `must be at least ${min} (${floor})` });
            }
        }
    });

/** Schema of `mlops-platform:featureStore`. */
export const featureStoreSchema = z
    .strictObject({
        project: identifier,
        offlineStore: offlineStoreSchema.optional(),
        onlineStore: onlineStoreSchema.optional(),
        encryptDataCatalog: z.boolean().optional(),
        featureViews: z.array(featureViewSchema).min(1, { error: "must declare at least one feature view" }),
    })
    .superRefine((fs, ctx) => {
        const seen = new Set<string>();
        fs.featureViews.forEach((view, i) => {
            if (seen.has(view.name)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["featureViews", i, "name"],
                    message: `duplicate feature view "${view.name}"`,
                });
            }
            seen.add(view.name);
        });
        for (const p of feastViewProblems(fs.featureViews))
            ctx.addIssue({ code: "custom", path: ["featureViews", ...p.path], message: p.message });
    });

/**
 * The stack configuration contract (Pulumi config namespace `mlops-platform`) and the
 * per-environment defaults. This file is the single source of truth for both: components take
 * explicit, documented args and fall back to `environmentProfile` for anything unset.
 *
 * Every schema is strict: an unknown key is an error, so a typo can never pass silently.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** The deployment environments this stack knows (an `as const` object: Pulumi's schema inference reads it as an enum). */
export const Environment = { dev: "dev", staging: "staging", prod: "prod" } as const;
/** A deployment environment; it selects the defaults profile. */
export type Environment = (typeof Environment)[keyof typeof Environment];
/** The environments, in promotion order. */
export const ENVIRONMENTS = Object.values(Environment) as [Environment, ...Environment[]];

/** Feature value types a Feast feature view may declare. */
export const FeatureType = {
    int32: "int32",
    int64: "int64",
    float: "float",
    double: "double",
    string: "string",
    bool: "bool",
    timestamp: "timestamp",
} as const;
/** A feature value type. */
export type FeatureType = (typeof FeatureType)[keyof typeof FeatureType];
const FEATURE_TYPES = Object.values(FeatureType) as [FeatureType, ...FeatureType[]];

/** Glue/Hive column type of each feature type. */
export const FEATURE_TYPE_TO_GLUE: Record<FeatureType, string> = {
    int32: "int",
    int64: "bigint",
    float: "float",
    double: "double",
    string: "string",
    bool: "boolean",
    timestamp: "timestamp",
};

/** Types an entity join key may have. */
export const JoinKeyType = { string: "string", int64: "int64" } as const;
/** An entity join key type. */
export type JoinKeyType = (typeof JoinKeyType)[keyof typeof JoinKeyType];

/** Offline store engines. */
export const OfflineStoreEngine = { redshiftServerless: "redshift-serverless", redshiftCluster: "redshift-cluster" } as const;
/** An offline store engine. */
export type OfflineStoreEngine = (typeof OfflineStoreEngine)[keyof typeof OfflineStoreEngine];

/** Redshift node types the provisioned offline store may use (RA3: managed storage, Spectrum). */
export const RedshiftNodeType = { ra3Large: "ra3.large", ra3XlPlus: "ra3.xlplus", ra3_4xLarge: "ra3.4xlarge", ra3_16xLarge: "ra3.16xlarge" } as const;
/** A Redshift node type. */
export type RedshiftNodeType = (typeof RedshiftNodeType)[keyof typeof RedshiftNodeType];

/** DynamoDB billing modes for the online store. */
export const OnlineBillingMode = { payPerRequest: "PAY_PER_REQUEST", provisioned: "PROVISIONED" } as const;
/** A DynamoDB billing mode. */
export type OnlineBillingMode = (typeof OnlineBillingMode)[keyof typeof OnlineBillingMode];

/** Columns Feast adds to every offline table; features may not reuse these names. */
export const FEAST_TIMESTAMP_COLUMNS = ["event_timestamp", "created_timestamp"] as const;

/** The MWAA environment classes, as a named enum. */
export const MwaaEnvironmentClass = {
    micro: "mw1.micro",
    small: "mw1.small",
    medium: "mw1.medium",
    large: "mw1.large",
    xlarge: "mw1.xlarge",
    xlarge2: "mw1.2xlarge",
} as const;
/** An MWAA environment class. */
export type MwaaEnvironmentClass = (typeof MwaaEnvironmentClass)[keyof typeof MwaaEnvironmentClass];

/** Worker/scheduler/webserver limits AWS enforces for each MWAA environment class. */
export const MWAA_CLASS_LIMITS: Record<MwaaEnvironmentClass, { maxWorkers: number; maxSchedulers: number; maxWebservers: number }> = {
    "mw1.micro": { maxWorkers: 1, maxSchedulers: 1, maxWebservers: 1 },
    "mw1.small": { maxWorkers: 25, maxSchedulers: 5, maxWebservers: 5 },
    "mw1.medium": { maxWorkers: 25, maxSchedulers: 5, maxWebservers: 5 },
    "mw1.large": { maxWorkers: 25, maxSchedulers: 5, maxWebservers: 5 },
    "mw1.xlarge": { maxWorkers: 25, maxSchedulers: 5, maxWebservers: 5 },
    "mw1.2xlarge": { maxWorkers: 25, maxSchedulers: 5, maxWebservers: 5 },
};
const MWAA_CLASSES = Object.keys(MWAA_CLASS_LIMITS) as [MwaaEnvironmentClass, ...MwaaEnvironmentClass[]];

/** Where the MWAA webserver (Airflow UI/API) is reachable from. */
export const WebserverAccessMode = { privateOnly: "PRIVATE_ONLY", publicOnly: "PUBLIC_ONLY" } as const;
/** A webserver access mode. */
export type WebserverAccessMode = (typeof WebserverAccessMode)[keyof typeof WebserverAccessMode];

/** Airflow log levels MWAA ships to CloudWatch (DEBUG is deliberately not offered). */
export const AirflowLogLevel = { info: "INFO", warning: "WARNING", error: "ERROR", critical: "CRITICAL" } as const;
/** An Airflow log level. */
export type AirflowLogLevel = (typeof AirflowLogLevel)[keyof typeof AirflowLogLevel];

/** NAT gateway layouts of the generated VPC. */
export const NatGateways = { single: "single", onePerAz: "onePerAz" } as const;
/** A NAT gateway layout. */
export type NatGateways = (typeof NatGateways)[keyof typeof NatGateways];

/**
 * Defaults per environment: dev is cheap and disposable, prod is hardened and protected.
 * Components read these through `environmentProfile`; nothing else hard-codes a default.
 */
export interface EnvironmentProfile {
    /** Stateful resources get `protect` and `retainOnDelete`. */
    readonly protectStatefulResources: boolean;
    /** Buckets may be deleted with their objects (never in prod). */
    readonly forceDestroyBuckets: boolean;
    /** DynamoDB tables refuse deletion. */
    readonly tableDeletionProtection: boolean;
    /** KMS key deletion window in days (7–30). */
    readonly kmsDeletionWindowDays: number;
    /** CloudWatch log group retention in days. */
    readonly logRetentionDays: number;
    /** NAT gateway strategy for the generated VPC. */
    readonly natGateways: NatGateways;
    /** Days to keep noncurrent object versions before expiry. */
    readonly noncurrentVersionExpirationDays: number;
    /** Days to keep S3 access logs. */
    readonly accessLogRetentionDays: number;
    /** Days to keep batch predictions. */
    readonly predictionsRetentionDays: number;
    /** Days to keep SageMaker data-capture records. */
    readonly captureRetentionDays: number;
    /** Redshift Serverless base capacity (RPU). */
    readonly redshiftBaseCapacityRpu: number;
    /** Redshift cluster: days to keep automated snapshots. */
    readonly redshiftSnapshotRetentionDays: number;
    /** Redshift cluster: take a final snapshot on delete. */
    readonly redshiftFinalSnapshot: boolean;
    /** MWAA environment class. */
    readonly mwaaEnvironmentClass: MwaaEnvironmentClass;
    /** MWAA maximum workers. */
    readonly mwaaMaxWorkers: number;
    /** MWAA minimum workers (always running). */
    readonly mwaaMinWorkers: number;
    /** MWAA schedulers (2–5 for mw1.small and larger; mw1.micro always runs 1). */
    readonly mwaaSchedulers: number;
    /** MWAA maximum webservers (mw1.micro always runs 1). */
    readonly mwaaMaxWebservers: number;
    /** Number of availability zones (private subnets) of the generated VPC. */
    readonly availabilityZones: number;
    /** ECR: number of tagged images to keep. */
    readonly ecrKeepTaggedImages: number;
    /** ECR: days before untagged images expire. */
    readonly ecrUntaggedExpiryDays: number;
}

const PROFILES: Record<Environment, EnvironmentProfile> = {
    dev: {
        protectStatefulResources: false,
        forceDestroyBuckets: true,
        tableDeletionProtection: false,
        kmsDeletionWindowDays: 7,
        logRetentionDays: 30,
        natGateways: "single",
        noncurrentVersionExpirationDays: 7,
        accessLogRetentionDays: 30,
        predictionsRetentionDays: 30,
        captureRetentionDays: 14,
        redshiftBaseCapacityRpu: 8,
        redshiftSnapshotRetentionDays: 1,
        redshiftFinalSnapshot: false,
        mwaaEnvironmentClass: "mw1.small",
        mwaaMaxWorkers: 2,
        mwaaMinWorkers: 1,
        mwaaSchedulers: 2,
        mwaaMaxWebservers: 2,
        availabilityZones: 3,
        ecrKeepTaggedImages: 10,
        ecrUntaggedExpiryDays: 3,
    },
    staging: {
        protectStatefulResources: false,
        forceDestroyBuckets: true,
        tableDeletionProtection: false,
        kmsDeletionWindowDays: 14,
        logRetentionDays: 90,
        natGateways: "single",
        noncurrentVersionExpirationDays: 30,
        accessLogRetentionDays: 90,
        predictionsRetentionDays: 90,
        captureRetentionDays: 30,
        redshiftBaseCapacityRpu: 8,
        redshiftSnapshotRetentionDays: 7,
        redshiftFinalSnapshot: true,
        mwaaEnvironmentClass: "mw1.small",
        mwaaMaxWorkers: 5,
        mwaaMinWorkers: 1,
        mwaaSchedulers: 2,
        mwaaMaxWebservers: 2,
        availabilityZones: 3,
        ecrKeepTaggedImages: 30,
        ecrUntaggedExpiryDays: 7,
    },
    prod: {
        protectStatefulResources: true,
        forceDestroyBuckets: false,
        tableDeletionProtection: true,
        kmsDeletionWindowDays: 30,
        logRetentionDays: 365,
        natGateways: "onePerAz",
        noncurrentVersionExpirationDays: 90,
        accessLogRetentionDays: 365,
        predictionsRetentionDays: 365,
        captureRetentionDays: 90,
        redshiftBaseCapacityRpu: 8,
        redshiftSnapshotRetentionDays: 35,
        redshiftFinalSnapshot: true,
        mwaaEnvironmentClass: "mw1.small",
        mwaaMaxWorkers: 5,
        mwaaMinWorkers: 2,
        mwaaSchedulers: 2,
        mwaaMaxWebservers: 3,
        availabilityZones: 3,
        ecrKeepTaggedImages: 100,
        ecrUntaggedExpiryDays: 14,
    },
};

/** The defaults profile for an environment. */
export function environmentProfile(environment: Environment): EnvironmentProfile {
    return PROFILES[environment];
}

// ---------------------------------------------------------------------------------------------
// Schemas. Names and limits follow the AWS/Feast rules they protect; comments say which.
// ---------------------------------------------------------------------------------------------

/** Lower-case identifier usable as a Glue database/table name and a Feast object name. */
const identifier = z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, {
        error: "must start with a lower-case letter and contain only a-z, 0-9 and _ (max 63 characters)",
    });

const positiveDays = z.number().int().min(1).max(3650);

/** Tag keys the platform sets itself (and the policy pack checks); config may not override them. */
const RESERVED_TAG_KEYS = ["environment", "managed-by"];

const tagsSchema = z.record(
    z
        .string()
        .regex(/^[\w .:/=+\-@]{1,128}$/, { error: "tag keys are 1-128 characters of letters, digits, spaces and _.:/=+-@" })
        .refine((k) => !RESERVED_TAG_KEYS.includes(k), { error: `is set by the platform (${RESERVED_TAG_KEYS.join(", ")} are reserved)` })
        .refine((k) => !k.toLowerCase().startsWith("aws:") && !k.startsWith("mlops-platform:"), { error: "the aws: and mlops-platform: prefixes are reserved" }),
    z.string().max(256),
);

const awsId = (prefix: string) =>
    z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), { error: `must look like ${prefix}-0123456789abcdef0` });

const networkSchema = z
    .strictObject({
        natGateways: z.enum(NatGateways).optional(),
        availabilityZones: z.number().int().min(2).max(6).optional(),
        cidrBlock: z
            .string()
            .regex(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-4])$/, { error: "must be an IPv4 CIDR between /16 and /24" })
            .optional(),
        vpcId: awsId("vpc").optional(),
        privateSubnetIds: z.array(awsId("subnet")).optional(),
    })
    .superRefine((n, ctx) => {
        const bringOwn = n.vpcId !== undefined || n.privateSubnetIds !== undefined;
        if (!bringOwn) return;
        if (n.vpcId === undefined) {
            ctx.addIssue({ code: "custom", path: ["vpcId"], message: "is required when privateSubnetIds is set" });
        }
        if (n.privateSubnetIds === undefined || n.privateSubnetIds.length < 2) {
            ctx.addIssue({
                code: "custom",
                path: ["privateSubnetIds"],
                message: "needs at least 2 private subnets in different AZs (MWAA requires two)",
            });
        } else if (new Set(n.privateSubnetIds).size !== n.privateSubnetIds.length) {
            ctx.addIssue({ code: "custom", path: ["privateSubnetIds"], message: "lists a subnet twice" });
        }
        for (const key of ["natGateways", "availabilityZones", "cidrBlock"] as const) {
            if (n[key] !== undefined) {
                ctx.addIssue({ code: "custom", path: [key], message: "applies only to the generated VPC; remove it when bringing vpcId" });
            }
        }
    });

const encryptionSchema = z.strictObject({
    kmsKeyArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, {
            error: "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<uuid>); aliases are not accepted",
        })
        .optional(),
});

const dataLakeSchema = z.strictObject({
    rawRetentionDays: positiveDays.optional(),
    predictionsRetentionDays: positiveDays.optional(),
    captureRetentionDays: positiveDays.optional(),
    accessLogRetentionDays: positiveDays.optional(),
    noncurrentVersionExpirationDays: positiveDays.optional(),
    infrequentAccessAfterDays: z.number().int().min(30).max(3650).optional(),
});

const featureViewSchema = z
    .strictObject({
        name: identifier,
        entity: identifier,
        joinKey: identifier,
        joinKeyType: z.enum(JoinKeyType).optional(),
        features: z.record(z.string(), z.enum(FEATURE_TYPES)).refine((f) => Object.keys(f).length > 0, {
            error: "must declare at least one feature",
        }),
    })
    .superRefine((view, ctx) => {
        const seen = new Map<string, string>();
        for (const feature of Object.keys(view.features)) {
            const path = ["features", feature];
            if (!/^[a-z][a-z0-9_]{0,127}$/i.test(feature)) {
                ctx.addIssue({ code: "custom", path, message: "feature names start with a letter and contain only letters, digits and _" });
            }
            const lower = feature.toLowerCase();
            const clash = seen.get(lower);
            if (clash !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path,
                    message: `duplicate feature name: "${feature}" and "${clash}" are the same Glue column (names are case-insensitive)`,
                });
            }
            seen.set(lower, feature);
            if (lower === view.joinKey || (FEAST_TIMESTAMP_COLUMNS as readonly string[]).includes(lower)) {
                ctx.addIssue({ code: "custom", path, message: `"${feature}" is reserved (join key or Feast timestamp column)` });
            }
        }
    });

const offlineStoreSchema = z
    .strictObject({
        engine: z.enum(OfflineStoreEngine).optional(),
        // Redshift Serverless accepts 8..512 RPU in steps of 8.
        baseCapacityRpu: z
            .number()
            .int()
            .min(8)
            .max(512)
            .refine((n) => n % 8 === 0, { error: "must be a multiple of 8" })
            .optional(),
        maxCapacityRpu: z.number().int().min(8).max(5632).optional(),
        databaseName: identifier.optional(),
        adminUsername: identifier.optional(),
        nodeType: z.enum(RedshiftNodeType).optional(),
        numberOfNodes: z.number().int().min(1).max(128).optional(),
    })
    .superRefine((o, ctx) => {
        const engine = o.engine ?? "redshift-serverless";
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
        for (const key of ["databaseName", "adminUsername"] as const) {
            if (o[key] === "dev" || o[key] === "admin" || o[key] === "awsuser") {
                ctx.addIssue({ code: "custom", path: [key], message: `"${o[key]}" is a well-known default; choose another name` });
            }
        }
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
        if ((o.billingMode ?? "PAY_PER_REQUEST") === "PAY_PER_REQUEST") {
            for (const key of capacityKeys) {
                if (o[key] !== undefined) {
                    ctx.addIssue({ code: "custom", path: [key], message: "applies only to billingMode PROVISIONED" });
                }
            }
            return;
        }
        // The autoscaling ceiling may not sit below its floor (the initial capacity, default 5).
        for (const [max, min] of [["maxReadCapacity", "readCapacity"], ["maxWriteCapacity", "writeCapacity"]] as const) {
            const floor = o[min] ?? 5;
            if (o[max] !== undefined && o[max] < floor) {
                ctx.addIssue({ code: "custom", path: [max], message: `must be at least ${min} (${floor})` });
            }
        }
    });

const featureStoreSchema = z
    .strictObject({
        project: identifier,
        offlineStore: offlineStoreSchema.optional(),
        onlineStore: onlineStoreSchema.optional(),
        featureViews: z.array(featureViewSchema).min(1, { error: "must declare at least one feature view" }),
    })
    .superRefine((fs, ctx) => {
        const seen = new Set<string>();
        fs.featureViews.forEach((view, i) => {
            if (seen.has(view.name)) {
                ctx.addIssue({ code: "custom", path: ["featureViews", i, "name"], message: `duplicate feature view "${view.name}"` });
            }
            seen.add(view.name);
        });
    });

/** Airflow versions MWAA runs (an `as const` object: Pulumi's schema inference reads it as an enum). */
export const AirflowVersion = { v2_9_2: "2.9.2", v2_10_1: "2.10.1", v2_10_3: "2.10.3", v2_11_0: "2.11.0" } as const;
/** An Airflow version MWAA runs. */
export type AirflowVersion = (typeof AirflowVersion)[keyof typeof AirflowVersion];

const relativePath = z
    .string()
    .min(1)
    .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), { error: "must be a path inside the project" });

const orchestrationSchema = z
    .strictObject({
        enabled: z.boolean().optional(),
        airflowVersion: z.enum(AirflowVersion).optional(),
        environmentClass: z.enum(MWAA_CLASSES).optional(),
        minWorkers: z.number().int().min(1).max(25).optional(),
        maxWorkers: z.number().int().min(1).max(25).optional(),
        schedulers: z.number().int().min(1).max(5).optional(),
        minWebservers: z.number().int().min(1).max(5).optional(),
        maxWebservers: z.number().int().min(1).max(5).optional(),
        webserverAccessMode: z.enum(WebserverAccessMode).optional(),
        logLevel: z.enum(AirflowLogLevel).optional(),
        weeklyMaintenanceWindowStart: z
            .string()
            .regex(/^(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\d|2[0-3]):(00|30)$/, { error: "must look like SUN:03:00 (UTC, on the hour or half hour)" })
            .optional(),
        requirementsFile: relativePath.optional(),
        dagsDir: relativePath.optional(),
        pluginsFile: relativePath.optional(),
        startupScriptFile: relativePath.optional(),
        airflowConfigurationOptions: z.record(z.string().regex(/^[a-z_]+\.[a-z_]+$/, { error: "keys look like section.option" }), z.string()).optional(),
    })
    .superRefine((o, ctx) => {
        for (const problem of mwaaCapacityProblems(o)) {
            ctx.addIssue({ code: "custom", path: [problem.key], message: problem.message });
        }
    });

const MWAA_CAPACITY_KEYS: Record<keyof MwaaCapacity, true> = {
    environmentClass: true,
    minWorkers: true,
    maxWorkers: true,
    schedulers: true,
    minWebservers: true,
    maxWebservers: true,
};

/** Default Airflow version of a generated MWAA environment. */
export const DEFAULT_AIRFLOW_VERSION: AirflowVersion = "2.10.3";

/** MWAA capacity settings, as configured or as resolved with the environment profile. */
export interface MwaaCapacity {
    readonly environmentClass?: MwaaEnvironmentClass;
    readonly minWorkers?: number;
    readonly maxWorkers?: number;
    readonly schedulers?: number;
    readonly minWebservers?: number;
    readonly maxWebservers?: number;
}

/**
 * What AWS refuses for an MWAA class: counts above the class limits, min above max, mw1.micro
 * with anything but 1 scheduler/webserver, and fewer than 2 schedulers or webservers on larger classes.
 */
export function mwaaCapacityProblems(o: MwaaCapacity): { key: keyof MwaaCapacity; message: string }[] {
    const problems: { key: keyof MwaaCapacity; message: string }[] = [];
    const environmentClass = o.environmentClass ?? "mw1.small";
    const limits = MWAA_CLASS_LIMITS[environmentClass];
    const micro = environmentClass === "mw1.micro";
    const bounded = [
        ["maxWorkers", o.maxWorkers, limits.maxWorkers],
        ["minWorkers", o.minWorkers, limits.maxWorkers],
        ["schedulers", o.schedulers, limits.maxSchedulers],
        ["maxWebservers", o.maxWebservers, limits.maxWebservers],
        ["minWebservers", o.minWebservers, limits.maxWebservers],
    ] as const;
    for (const [key, value, max] of bounded) {
        if (value !== undefined && value > max) {
            problems.push({ key, message: `must be at most ${max} for environmentClass ${environmentClass}` });
        }
    }
    if (o.minWorkers !== undefined && o.maxWorkers !== undefined && o.minWorkers > o.maxWorkers) {
        problems.push({ key: "minWorkers", message: `must be at most maxWorkers (${o.minWorkers} > ${o.maxWorkers})` });
    }
    if (o.minWebservers !== undefined && o.maxWebservers !== undefined && o.minWebservers > o.maxWebservers) {
        problems.push({ key: "minWebservers", message: `must be at most maxWebservers (${o.minWebservers} > ${o.maxWebservers})` });
    }
    if (micro && o.schedulers !== undefined && o.schedulers !== 1) {
        problems.push({ key: "schedulers", message: "mw1.micro runs exactly 1 scheduler" });
    }
    if (!micro && o.schedulers !== undefined && o.schedulers < 2) {
        problems.push({ key: "schedulers", message: `must be 2-5 for environmentClass ${environmentClass}` });
    }
    for (const key of ["minWebservers", "maxWebservers"] as const) {
        const value = o[key];
        if (!micro && value !== undefined && value < 2) {
            problems.push({ key, message: `must be 2-5 for environmentClass ${environmentClass}` });
        }
    }
    return problems;
}

/** MWAA capacity with every unset value taken from the environment profile (mw1.micro: 1 of each). */
export function resolveMwaaCapacity(environment: Environment, o: MwaaCapacity): Required<MwaaCapacity> {
    const profile = environmentProfile(environment);
    const environmentClass = o.environmentClass ?? profile.mwaaEnvironmentClass;
    const micro = environmentClass === "mw1.micro";
    const maxWorkers = o.maxWorkers ?? (micro ? 1 : profile.mwaaMaxWorkers);
    const maxWebservers = o.maxWebservers ?? (micro ? 1 : profile.mwaaMaxWebservers);
    return {
        environmentClass,
        maxWorkers,
        minWorkers: o.minWorkers ?? Math.min(micro ? 1 : profile.mwaaMinWorkers, maxWorkers),
        schedulers: o.schedulers ?? (micro ? 1 : profile.mwaaSchedulers),
        maxWebservers,
        minWebservers: o.minWebservers ?? Math.min(micro ? 1 : 2, maxWebservers),
    };
}

/** SageMaker name rule for endpoints and variants. */
const sagemakerName = z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, {
    error: "must be 1-63 characters of letters, digits and hyphens, starting and ending with a letter or digit",
});

const autoscalingSchema = z
    .strictObject({
        minInstances: z.number().int().min(1).max(100),
        maxInstances: z.number().int().min(1).max(100),
        invocationsPerInstance: z.number().int().min(1).max(100000),
        scaleInCooldownSeconds: z.number().int().min(0).max(3600).optional(),
        scaleOutCooldownSeconds: z.number().int().min(0).max(3600).optional(),
    })
    .superRefine((a, ctx) => {
        if (a.minInstances > a.maxInstances) {
            ctx.addIssue({ code: "custom", path: ["minInstances"], message: "must be at most maxInstances" });
        }
    });

const serverlessSchema = z.strictObject({
    memoryMb: z
        .number()
        .int()
        .min(1024)
        .max(6144)
        .refine((m) => m % 1024 === 0, { error: "must be one of 1024, 2048, 3072, 4096, 5120, 6144" }),
    maxConcurrency: z.number().int().min(1).max(200),
    provisionedConcurrency: z.number().int().min(1).max(200).optional(),
});

/** Instance families with local NVMe storage (m5d, c5d, g4dn, p4d, g5, trn1, ...): SageMaker refuses an endpoint KMS key for them. */
const INSTANCE_STORAGE_TYPE = /^ml\.([a-z]+\d+[a-z]*d[a-z]*|g5|g6|g6e|p5|p5e|p5en|trn1|trn1n|trn2)\./;

const variantSchema = z
    .strictObject({
        name: sagemakerName,
        instanceType: z.string().regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: "must be a SageMaker instance type such as ml.m5.large" }).optional(),
        initialInstanceCount: z.number().int().min(1).max(100).optional(),
        weight: z.number().gt(0, { error: "must be greater than 0" }).max(1000).optional(),
        autoscaling: autoscalingSchema.optional(),
        serverless: serverlessSchema.optional(),
        // SageMaker: at most 100 container environment variables, keys and values up to 1024 characters.
        environment: z
            .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,1023}$/, { error: "environment variable names are letters, digits and _ (not starting with a digit)" }), z.string().max(1024))
            .refine((e) => Object.keys(e).length <= 100, { error: "SageMaker accepts at most 100 environment variables" })
            .optional(),
        modelDataKey: z
            .string()
            .min(1)
            .max(900)
            .refine((k) => !k.startsWith("/") && !k.split("/").includes(".."), { error: "must be a key relative to the model-artifact prefix (no leading / or ..)" })
            .refine((k) => k.endsWith(".tar.gz"), { error: "must name a .tar.gz archive (SageMaker extracts it into /opt/ml/model)" })
            .optional(),
    })
    .superRefine((v, ctx) => {
        if (v.serverless !== undefined) {
            for (const key of ["instanceType", "initialInstanceCount", "autoscaling"] as const) {
                if (v[key] !== undefined) {
                    ctx.addIssue({ code: "custom", path: [key], message: "does not apply to a serverless variant" });
                }
            }
            if (v.serverless.provisionedConcurrency !== undefined && v.serverless.provisionedConcurrency > v.serverless.maxConcurrency) {
                ctx.addIssue({ code: "custom", path: ["serverless", "provisionedConcurrency"], message: "must be at most maxConcurrency" });
            }
        } else if (v.instanceType === undefined) {
            ctx.addIssue({ code: "custom", path: ["instanceType"], message: "is required unless the variant is serverless" });
        } else if (INSTANCE_STORAGE_TYPE.test(v.instanceType)) {
            ctx.addIssue({
                code: "custom",
                path: ["instanceType"],
                message: `${v.instanceType} has local instance storage, which cannot take the stack KMS key (SageMaker refuses KmsKeyId for it); choose an EBS-backed type such as ml.m5.large`,
            });
        }
        if (v.autoscaling !== undefined && v.initialInstanceCount !== undefined) {
            const { minInstances, maxInstances } = v.autoscaling;
            if (v.initialInstanceCount < minInstances || v.initialInstanceCount > maxInstances) {
                ctx.addIssue({
                    code: "custom",
                    path: ["initialInstanceCount"],
                    message: `must be within autoscaling bounds ${minInstances}-${maxInstances}`,
                });
            }
        }
    });

const imageSchema = z
    .strictObject({
        tag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { error: "must be a valid image tag" }).optional(),
        digest: z.string().regex(/^sha256:[a-f0-9]{64}$/, { error: "must be sha256:<64 hex characters>" }).optional(),
    })
    .superRefine((i, ctx) => {
        if ((i.tag === undefined) === (i.digest === undefined)) {
            ctx.addIssue({ code: "custom", path: [], message: "set exactly one of tag or digest" });
        }
    });

/** SageMaker CaptureContentTypeHeader: 1-10 MIME types per list, each `type/subtype` of at most 256 characters. */
const captureContentTypes = z
    .array(
        z
            .string()
            .max(256)
            .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.])*$/, { error: "must be a MIME type such as text/csv or application/json" }),
    )
    .min(1, { error: "must list at least one content type (SageMaker rejects an empty list)" })
    .max(10, { error: "SageMaker accepts at most 10 content types" });

const dataCaptureSchema = z.strictObject({
    enabled: z.boolean(),
    samplingPercentage: z.number().int().min(0).max(100).optional(),
    captureInput: z.boolean().optional(),
    captureOutput: z.boolean().optional(),
    csvContentTypes: captureContentTypes.optional(),
    jsonContentTypes: captureContentTypes.optional(),
}).superRefine((d, ctx) => {
    if (d.enabled && d.captureInput === false && d.captureOutput === false) {
        ctx.addIssue({ code: "custom", path: ["captureOutput"], message: "captureInput and captureOutput cannot both be false when capture is enabled" });
    }
});

const deploymentSchema = z
    .strictObject({
        strategy: z.enum(["all-at-once", "canary", "linear"]),
        // SageMaker: the canary is at most 50% of a variant's capacity; a linear step is 10-50% of it.
        canaryPercent: z.number().int().min(1).max(50).optional(),
        linearStepPercent: z.number().int().min(10).max(50).optional(),
        waitMinutes: z.number().int().min(0).max(60).optional(),
        terminationWaitMinutes: z.number().int().min(0).max(60).optional(),
        maximumExecutionTimeoutMinutes: z.number().int().min(10).max(240).optional(),
    })
    .superRefine((d, ctx) => {
        if (d.canaryPercent !== undefined && d.strategy !== "canary") {
            ctx.addIssue({ code: "custom", path: ["canaryPercent"], message: 'applies only to strategy "canary"' });
        }
        if (d.linearStepPercent !== undefined && d.strategy !== "linear") {
            ctx.addIssue({ code: "custom", path: ["linearStepPercent"], message: 'applies only to strategy "linear"' });
        }
        // SageMaker: the execution timeout must exceed the total waiting time (every baking period plus the termination wait).
        // Checked only when the keys it reads are themselves valid (out-of-range values are already reported).
        const inRange = (v: number | undefined, min: number, max: number) => v === undefined || (v >= min && v <= max);
        const readable =
            inRange(d.linearStepPercent, 10, 50) && inRange(d.waitMinutes, 0, 60) && inRange(d.terminationWaitMinutes, 0, 60) && inRange(d.maximumExecutionTimeoutMinutes, 10, 240);
        const w = deploymentWaitMinutes(d);
        if (readable && w.timeout <= w.total) {
            ctx.addIssue({
                code: "custom",
                path: ["maximumExecutionTimeoutMinutes"],
                message: `must be greater than the total waiting time of the deployment (${w.shifts} traffic shift(s) × waitMinutes ${w.wait} + terminationWaitMinutes ${w.termination} = ${w.total} minutes)`,
            });
        }
    });

/**
 * Waiting time of one blue/green deployment in minutes, with the serving defaults for unset keys:
 * one baking period per traffic shift (1 all-at-once, 2 canary, ceil(100 / step) linear) plus the
 * termination wait, against the execution timeout. Kept here (not in servingSpec.ts) because the
 * schema needs it; servingSpec.ts holds the same default values.
 */
export function deploymentWaitMinutes(d: {
    readonly strategy: "all-at-once" | "canary" | "linear";
    readonly linearStepPercent?: number;
    readonly waitMinutes?: number;
    readonly terminationWaitMinutes?: number;
    readonly maximumExecutionTimeoutMinutes?: number;
}): { shifts: number; wait: number; termination: number; total: number; timeout: number } {
    const shifts = d.strategy === "all-at-once" ? 1 : d.strategy === "canary" ? 2 : Math.ceil(100 / (d.linearStepPercent ?? DEPLOYMENT_DEFAULT_MINUTES.linearStepPercent));
    const wait = d.waitMinutes ?? DEPLOYMENT_DEFAULT_MINUTES.wait;
    const termination = d.terminationWaitMinutes ?? DEPLOYMENT_DEFAULT_MINUTES.terminationWait;
    return { shifts, wait, termination, total: shifts * wait + termination, timeout: d.maximumExecutionTimeoutMinutes ?? DEPLOYMENT_DEFAULT_MINUTES.maximumExecutionTimeout };
}

/** Deployment defaults (servingSpec.ts SERVING_DEFAULTS reads these, so there is one place). */
export const DEPLOYMENT_DEFAULT_MINUTES = { linearStepPercent: 20, wait: 5, terminationWait: 5, maximumExecutionTimeout: 60 } as const;

/** SageMaker auto-rollback takes at most 10 alarms; the component creates two per variant (5XX errors, model latency). */
export const ROLLBACK_ALARMS_PER_VARIANT = 2;
const MAX_ROLLBACK_ALARMS = 10;

const servingSchema = z.strictObject({
    enabled: z.boolean().optional(),
    endpointName: sagemakerName,
    image: imageSchema,
    variants: z.array(variantSchema).min(1, { error: "must declare at least one variant" }).max(10),
    dataCapture: dataCaptureSchema.optional(),
    deployment: deploymentSchema.optional(),
    vpc: z.boolean().optional(),
    registry: z
        .strictObject({
            keepTaggedImages: z.number().int().min(1).max(1000).optional(),
            untaggedExpiryDays: z.number().int().min(1).max(365).optional(),
        })
        .optional(),
    alarms: z
        .strictObject({
            max5xxErrors: z.number().int().min(1).optional(),
            maxModelLatencyMs: z.number().int().min(1).optional(),
        })
        .optional(),
}).superRefine((serving, ctx) => {
    for (const p of servingProblems(serving)) ctx.addIssue({ code: "custom", path: p.path, message: p.message });
});

/** A problem found by a cross-field serving rule, with its path inside the `serving` section. */
export interface ServingProblem {
    readonly path: (string | number)[];
    readonly message: string;
}

/**
 * Variant names that change from release to release: a version-like suffix (`primary-v2`,
 * `model-20240101`, `v3`) or the image tag itself.
 */
function versionedVariantName(name: string, imageTag: string | undefined): boolean {
    if (/(^|-)v?\d+(-\d+)*$/i.test(name)) return true;
    const tag = imageTag?.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return tag !== undefined && tag.length >= 2 && name.toLowerCase().includes(tag);
}

/**
 * Cross-field rules of the serving section that hold in every environment: unique variant names,
 * what serverless endpoints cannot do, and stable variant names under blue/green deployments.
 *
 * Stable variant names: SageMaker blue/green (and rolling) updates require the new endpoint
 * configuration to have the same variant names as the one in service, and the rollback alarms
 * (`VariantName` dimension) and autoscaling targets (`endpoint/<name>/variant/<variant>`) are keyed
 * by variant name. A variant name is therefore the variant's role (primary, challenger), never a
 * release: with a deployment configured, names that look versioned or contain the image tag are
 * refused, and names are compared case-insensitively.
 */
export function servingProblems(serving: {
    readonly image: { readonly tag?: string };
    readonly variants: readonly { readonly name: string; readonly serverless?: unknown }[];
    readonly dataCapture?: { readonly enabled: boolean };
    readonly deployment?: unknown;
    readonly vpc?: boolean;
}): ServingProblem[] {
    const problems: ServingProblem[] = [];
    const names = new Map<string, string>();
    serving.variants.forEach((v, i) => {
        const clash = names.get(v.name.toLowerCase());
        if (clash !== undefined) {
            problems.push({
                path: ["variants", i, "name"],
                message: clash === v.name ? `duplicate variant name "${v.name}"` : `duplicate variant name "${v.name}" (SageMaker compares "${clash}" and "${v.name}" case-insensitively)`,
            });
        }
        names.set(v.name.toLowerCase(), v.name);
        if (serving.deployment !== undefined && versionedVariantName(v.name, serving.image.tag)) {
            problems.push({
                path: ["variants", i, "name"],
                message:
                    `"${v.name}" looks like a release, not a role: blue/green updates require the same variant names in every ` +
                    "endpoint configuration (rollback alarms and autoscaling are keyed by them); name variants by role (primary, challenger) and change the image instead",
            });
        }
    });
    if (serving.variants.some((v) => v.serverless !== undefined)) {
        if (serving.variants.length > 1) {
            problems.push({ path: ["variants"], message: "a serverless endpoint supports exactly one variant" });
        }
        if (serving.dataCapture?.enabled === true) {
            problems.push({ path: ["dataCapture", "enabled"], message: "is not supported by serverless endpoints" });
        }
        if (serving.vpc === true) {
            problems.push({ path: ["vpc"], message: "is not supported by serverless endpoints" });
        }
    }
    if (serving.deployment !== undefined && serving.variants.length * ROLLBACK_ALARMS_PER_VARIANT > MAX_ROLLBACK_ALARMS) {
        problems.push({
            path: ["variants"],
            message: `at most ${MAX_ROLLBACK_ALARMS / ROLLBACK_ALARMS_PER_VARIANT} variants with a deployment config: SageMaker auto-rollback takes at most ${MAX_ROLLBACK_ALARMS} alarms and each variant has ${ROLLBACK_ALARMS_PER_VARIANT}`,
        });
    }
    return problems;
}

/** Initial instance count of an instance-based variant when the config leaves it unset. */
export function defaultInstanceCount(environment: Environment, variant: { readonly initialInstanceCount?: number; readonly autoscaling?: { readonly minInstances: number } }): number {
    return variant.initialInstanceCount ?? variant.autoscaling?.minInstances ?? (environment === "prod" ? 2 : 1);
}

/** Rules of the serving section that depend on the environment (prod availability and safety). */
export function servingEnvironmentProblems(environment: Environment, serving: ServingConfig): ServingProblem[] {
    if (environment !== "prod" || serving.enabled === false) return [];
    const problems: ServingProblem[] = [];
    serving.variants.forEach((v, i) => {
        if (v.serverless !== undefined) return;
        if (defaultInstanceCount(environment, v) < 2) {
            problems.push({ path: ["variants", i, "initialInstanceCount"], message: "must be at least 2 in prod (one instance per AZ for availability)" });
        }
        if (v.autoscaling !== undefined && v.autoscaling.minInstances < 2) {
            problems.push({ path: ["variants", i, "autoscaling", "minInstances"], message: "must be at least 2 in prod (scale-in must keep one instance per AZ)" });
        }
    });
    if (serving.dataCapture?.enabled !== true) {
        problems.push({ path: ["dataCapture", "enabled"], message: "must be true in prod" });
    }
    if (serving.deployment === undefined) {
        problems.push({ path: ["deployment"], message: "is required in prod (blue/green with auto-rollback)" });
    }
    return problems;
}

/**
 * The serving schema with the environment's rules added: what `ModelEndpoint` validates its
 * plain arguments with, so direct users get the same checks as the stack config.
 */
export function servingSchemaFor(environment: Environment) {
    return servingSchema.superRefine((serving, ctx) => {
        for (const p of servingEnvironmentProblems(environment, serving)) ctx.addIssue({ code: "custom", path: p.path, message: p.message });
    });
}

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
        serving: servingSchema.optional(),
    })
    .superRefine((c, ctx) => {
        // Values left unset come from the environment profile; the combination must still be valid
        // (e.g. minWorkers: 3 with dev's default maxWorkers of 2). Problems of the explicit values
        // alone were already reported by the orchestration schema.
        const orchestration = c.orchestration ?? {};
        if (orchestration.enabled === false) return;
        const explicit = new Set(mwaaCapacityProblems(orchestration).map((p) => `${p.key}: ${p.message}`));
        for (const p of mwaaCapacityProblems(resolveMwaaCapacity(c.environment, orchestration))) {
            if (explicit.has(`${p.key}: ${p.message}`)) continue;
            const setKey = orchestration[p.key] !== undefined ? p.key : (Object.keys(orchestration) as (keyof MwaaCapacity)[]).find((k) => k in MWAA_CAPACITY_KEYS) ?? p.key;
            ctx.addIssue({ code: "custom", path: ["orchestration", setKey], message: `${p.message} (with the ${c.environment} defaults for unset keys)` });
        }
    })
    .superRefine((c, ctx) => {
        // Redshift Serverless needs subnets in at least three AZs (MWAA is content with two).
        if ((c.featureStore.offlineStore?.engine ?? "redshift-serverless") !== "redshift-serverless") return;
        const network = c.network ?? {};
        // (Fewer than two subnets is already reported by the network schema.)
        const message = "needs at least 3 (Redshift Serverless requires subnets in three AZs); use engine redshift-cluster for two";
        if (network.privateSubnetIds !== undefined && network.privateSubnetIds.length === 2) {
            ctx.addIssue({ code: "custom", path: ["network", "privateSubnetIds"], message });
        } else if (network.vpcId === undefined && (network.availabilityZones ?? environmentProfile(c.environment).availabilityZones) < 3) {
            ctx.addIssue({ code: "custom", path: ["network", "availabilityZones"], message });
        }
    })
    .superRefine((c, ctx) => {
        if (c.environment !== "prod") return;
        if (c.orchestration?.webserverAccessMode === "PUBLIC_ONLY") {
            ctx.addIssue({
                code: "custom",
                path: ["orchestration", "webserverAccessMode"],
                message: "PUBLIC_ONLY is refused in prod; use PRIVATE_ONLY and reach the UI through the VPC",
            });
        }
        if (c.serving === undefined) return;
        for (const p of servingEnvironmentProblems(c.environment, c.serving)) {
            ctx.addIssue({ code: "custom", path: ["serving", ...p.path], message: p.message });
        }
    });

/** Validated stack configuration, exactly as written (defaults are applied by components). */
export type PlatformConfig = z.infer<typeof platformConfigSchema>;
export type ServingConfig = z.infer<typeof servingSchema>;

/**
 * A config error: every problem, each naming its full key path. It is a `RunError`, so the
 * Pulumi CLI prints the message without a stack trace.
 */
export class ConfigError extends pulumi.RunError {
    constructor(
        readonly problems: readonly string[],
        subject = "stack configuration",
    ) {
        super(`invalid ${subject}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

export const CONFIG_NAMESPACE = "mlops-platform";

/** `mlops-platform:serving.variants[0].name` for stack config, `variants[0].name` for component args. */
function keyPath(path: readonly PropertyKey[], namespace?: string): string {
    const [top, ...rest] = path;
    if (top === undefined) return namespace ?? "(root)";
    const head = namespace !== undefined ? `${namespace}:${String(top)}` : String(top);
    return head + rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

function describeIssue(issue: z.core.$ZodIssue, root: z.ZodType, namespace?: string): string {
    const key = keyPath(issue.path, namespace);
    const missing = "input" in issue && issue.input === undefined;
    switch (issue.code) {
        case "unrecognized_keys":
            return issue.keys
                .map((k) => `${keyPath([...issue.path, k], namespace)}: unknown key (allowed: ${allowedKeysAt(root, issue.path).join(", ")})`)
                .join("\n  - ");
        case "invalid_value":
            if (missing) return `${key}: is required (one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")})`;
            return `${key}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "invalid_key":
            // Record keys: report what the key schema said, not zod's generic wrapper.
            return issue.issues.map((inner) => `${key}: ${inner.message}`).join("\n  - ");
        case "invalid_type":
            return missing ? `${key}: is required` : `${key}: ${issue.message}`;
        default:
            return `${key}: ${issue.message}`;
    }
}

/** The keys the schema allows at a path, for "unknown key" messages. */
function allowedKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
    let schema = root;
    for (const segment of path) {
        schema = unwrap(schema);
        if (schema instanceof z.ZodObject) {
            schema = schema.shape[String(segment)];
        } else if (schema instanceof z.ZodArray) {
            schema = schema.element as z.ZodType;
        } else {
            return [];
        }
    }
    schema = unwrap(schema);
    return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
    let s = schema;
    while (s instanceof z.ZodOptional || s instanceof z.ZodPipe) {
        s = s instanceof z.ZodOptional ? (s.unwrap() as z.ZodType) : (s.in as z.ZodType);
    }
    return s;
}

/**
 * Validates raw config values (already JSON-decoded) against the contract.
 * Throws `ConfigError` listing every problem by key path.
 */
export function parsePlatformConfig(raw: unknown): PlatformConfig {
    const result = platformConfigSchema.safeParse(raw, { reportInput: true });
    if (!result.success) {
        throw new ConfigError(result.error.issues.map((i) => describeIssue(i, platformConfigSchema, CONFIG_NAMESPACE)));
    }
    return result.data;
}

/**
 * Validates a component's plain (non-Output) arguments with the same schema the stack config uses,
 * so direct users of a component get the same checks and messages. Throws `ConfigError`.
 */
export function validateComponentArgs(subject: string, schema: z.ZodType, value: unknown): void {
    const result = schema.safeParse(value, { reportInput: true });
    if (!result.success) {
        throw new ConfigError(result.error.issues.map((i) => describeIssue(i, schema)), `arguments of ${subject}`);
    }
}

/** Schemas of config sections, for components validating their own arguments. */
export const schemas = {
    featureStore: featureStoreSchema,
    orchestration: orchestrationSchema,
    serving: servingSchema,
    network: networkSchema,
    dataLake: dataLakeSchema,
} as const;
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

/** `mlops-platform:dataLake`: retention and protection of the stack's buckets, with their defaults. */
import { z } from "zod";
import { Environment, PerEnvironment } from "../core/environment";
import { positiveDays } from "../core/schemaPrimitives";
import type { Integer } from "../core/schemaPrimitives";

/** Retention settings of the stack config (`mlops-platform:dataLake`). */
export interface DataLakeSettings {
    /** Days to keep raw input data. Default: kept until deleted. */
    readonly rawRetentionDays?: Integer;
    /** Days to keep batch predictions. Default: 30 in dev, 90 in staging, 365 in prod. */
    readonly predictionsRetentionDays?: Integer;
    /** Days to keep SageMaker data-capture records. Default: 14 in dev, 30 in staging, 90 in prod. */
    readonly captureRetentionDays?: Integer;
    /** Days to keep S3 server access logs. Default: 30 in dev, 90 in staging, 365 in prod. */
    readonly accessLogRetentionDays?: Integer;
    /** Days to keep noncurrent object versions. Default: 7 in dev, 30 in staging, 90 in prod. */
    readonly noncurrentVersionExpirationDays?: Integer;
    /** Move raw and offline-store objects to STANDARD_IA after this many days (≥ 30). Default: never. */
    readonly infrequentAccessAfterDays?: Integer;
}

/** Bucket defaults per environment: dev is cheap and disposable, prod keeps data longer and never force-deletes. */
export const DATA_LAKE_DEFAULTS: PerEnvironment<{
    /** Buckets may be deleted with their objects (never in prod). */
    readonly forceDestroyBuckets: boolean;
    /** Days to keep noncurrent object versions before expiry. */
    readonly noncurrentVersionExpirationDays: Integer;
    /** Days to keep S3 access logs. */
    readonly accessLogRetentionDays: Integer;
    /** Days to keep batch predictions. */
    readonly predictionsRetentionDays: Integer;
    /** Days to keep SageMaker data-capture records. */
    readonly captureRetentionDays: Integer;
}> = {
    dev: {
        forceDestroyBuckets: true,
        noncurrentVersionExpirationDays: 7,
        accessLogRetentionDays: 30,
        predictionsRetentionDays: 30,
        captureRetentionDays: 14,
    },
    staging: {
        forceDestroyBuckets: true,
        noncurrentVersionExpirationDays: 30,
        accessLogRetentionDays: 90,
        predictionsRetentionDays: 90,
        captureRetentionDays: 30,
    },
    prod: {
        forceDestroyBuckets: false,
        noncurrentVersionExpirationDays: 90,
        accessLogRetentionDays: 365,
        predictionsRetentionDays: 365,
        captureRetentionDays: 90,
    },
};

/** Schema of `mlops-platform:dataLake`. */
export const dataLakeSchema = z.strictObject({
    rawRetentionDays: positiveDays.optional(),
    predictionsRetentionDays: positiveDays.optional(),
    captureRetentionDays: positiveDays.optional(),
    accessLogRetentionDays: positiveDays.optional(),
    noncurrentVersionExpirationDays: positiveDays.optional(),
    infrequentAccessAfterDays: z.number().int().min(30).max(3650).optional(),
});

/** The data lake's retention with the environment's defaults applied (unset means "never"). */
export interface ResolvedDataLakeSettings {
    readonly rawRetentionDays?: Integer;
    readonly predictionsRetentionDays: Integer;
    readonly captureRetentionDays: Integer;
    readonly accessLogRetentionDays: Integer;
    readonly noncurrentVersionExpirationDays?: Integer;
    readonly infrequentAccessAfterDays?: Integer;
}

/** Applies the environment's defaults to the data-lake settings (pure; no resources). */
export function resolveDataLakeSettings(environment: Environment, s: DataLakeSettings): ResolvedDataLakeSettings {
    const d = DATA_LAKE_DEFAULTS[environment];
    return {
        rawRetentionDays: s.rawRetentionDays,
        predictionsRetentionDays: s.predictionsRetentionDays ?? d.predictionsRetentionDays,
        captureRetentionDays: s.captureRetentionDays ?? d.captureRetentionDays,
        accessLogRetentionDays: s.accessLogRetentionDays ?? d.accessLogRetentionDays,
        // Each SecureBucket falls back to the environment default itself (it is also used alone).
        noncurrentVersionExpirationDays: s.noncurrentVersionExpirationDays,
        infrequentAccessAfterDays: s.infrequentAccessAfterDays,
    };
}

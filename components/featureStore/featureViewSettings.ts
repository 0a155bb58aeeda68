/**
 * `mlops-platform:featureStore.featureViews`: the feature views Feast serves, their value and join-key
 * types, the Glue column type of each, and the schema that checks them.
 */
import { z } from "zod";
import { identifier } from "../core/schemaPrimitives";

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

/** Columns Feast adds to every offline table; features may not reuse these names. */
export const FEAST_TIMESTAMP_COLUMNS = ["event_timestamp", "created_timestamp"] as const;

/** A Feast feature view: one entity, its join key and typed features. */
export interface FeatureViewArgs {
    /** Feature view name; the Glue table name and the suffix of the DynamoDB table name. */
    readonly name: string;
    /** Feast entity name. */
    readonly entity: string;
    /** Column that identifies the entity in the offline data. */
    readonly joinKey: string;
    /** Type of the join key column. Default: "string". */
    readonly joinKeyType?: JoinKeyType;
    /** Feature name → value type. */
    readonly features: Record<string, FeatureType>;
}

/** Schema of one feature view. */
export const featureViewSchema = z
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
                ctx.addIssue({
                    code: "custom",
                    path,
                    message: "feature names start with a letter and contain only letters, digits and _",
                });
            }
            const lower = feature.toLowerCase();
            const clash = seen.get(lower);
            if (clash !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path,
                    message:
                        `duplicate feature name: "${feature}" and "${clash}" are the same Glue column (names ` +
                        `are case-insensitive)`,
                });
            }
            seen.set(lower, feature);
            if (lower === view.joinKey || (FEAST_TIMESTAMP_COLUMNS as readonly string[]).includes(lower)) {
                ctx.addIssue({
                    code: "custom",
                    path,
                    message: `"${feature}" is reserved (join key or Feast timestamp column)`,
                });
            }
        }
    });

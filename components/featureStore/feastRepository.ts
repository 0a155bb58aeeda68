/**
 * The Feast feature repository the platform generates from the config: `feature_store.yaml` and the
 * definitions module, plus the content hash both are versioned by. Pure functions, no resources.
 * Every key and argument follows Feast at the pinned version (feast-dev/feast@v0.66.0, see
 * `test/featureStore/fixtures/feast-0.66.0-api.json`, checked by `test/featureStore/feastRepository.spec.ts`).
 */
import { createHash } from "crypto";
import { stringify } from "yaml";
import { renderFeatureDefinitions } from "./feastDefinitions";
import { ONLINE_TABLE_NAME_TEMPLATE } from "./featureStoreSettings";
import { FeatureViewArgs } from "./featureViewSettings";

/** The Redshift engine Feast's offline store reaches: a Serverless workgroup or a cluster and its user. */
export type FeastRedshiftTarget =
    { readonly workgroup: string } | { readonly clusterId: string; readonly user: string };

/** Inputs of `renderFeatureStoreYaml`. */
export interface FeatureStoreYamlInputs {
    readonly project: string;
    readonly region: string;
    /** `s3://<bucket>/<key>` of the registry object. */
    readonly registryPath: string;
    readonly redshift: FeastRedshiftTarget;
    readonly database: string;
    /** `s3://<bucket>/<prefix>` without a trailing slash (Feast appends `/<path>`). */
    readonly s3StagingLocation: string;
    /** Role Redshift assumes for COPY/UNLOAD (named in the SQL Feast sends, never passed to an API). */
    readonly iamRole: string;
}

/**
 * Renders Feast's `feature_store.yaml`. Offline keys are RedshiftOfflineStoreConfig's: `workgroup`
 * for Serverless, `cluster_id` + `user` for a cluster, never both (its validator refuses both);
 * online keys are DynamoDBOnlineStoreConfig's, with the table-name template the tables are created by.
 */
export function renderFeatureStoreYaml(inputs: FeatureStoreYamlInputs): string {
    const target = inputs.redshift;
    const engine =
        "workgroup" in target ? { workgroup: target.workgroup } : { cluster_id: target.clusterId, user: target.user };
    const document = {
        project: inputs.project,
        provider: "aws",
        registry: { registry_type: "file", path: inputs.registryPath },
        online_store: { type: "dynamodb", region: inputs.region, table_name_template: ONLINE_TABLE_NAME_TEMPLATE },
        offline_store: {
            type: "redshift",
            region: inputs.region,
            ...engine,
            database: inputs.database,
            s3_staging_location: inputs.s3StagingLocation,
            iam_role: inputs.iamRole,
        },
        entity_key_serialization_version: 3,
    };
    return stringify(document, { lineWidth: 0 });
}

/** File names of the generated repository (what `pipelines/common.py` downloads). */
export const FEAST_REPOSITORY_FILES = ["feature_store.yaml", "features.py"] as const;

/** The generated repository: file name → content, and the version those contents hash to. */
export interface FeastRepository {
    readonly files: Record<(typeof FEAST_REPOSITORY_FILES)[number], string>;
    readonly version: string;
}

/** Inputs of `feastRepository`. */
export interface FeastRepositoryInputs extends FeatureStoreYamlInputs {
    readonly featureViews: readonly FeatureViewArgs[];
    /** Redshift external schema the views' tables are read through. */
    readonly externalSchema: string;
}

/** The whole repository for one stack. */
export function feastRepository(inputs: FeastRepositoryInputs): FeastRepository {
    const files = {
        "feature_store.yaml": renderFeatureStoreYaml(inputs),
        "features.py": renderFeatureDefinitions(inputs.featureViews, inputs.externalSchema),
    };
    return { files, version: repositoryVersion(files) };
}

/**
 * The definitions' version: the first 16 hex digits of SHA-256 over `<name>\n<sha256(content)>\n`
 * for each file in name order. `pipelines/feature_repo_version.py` computes the same value, so a job
 * refuses files that are not the version its DAG run names.
 */
export function repositoryVersion(files: Record<string, string>): string {
    const outer = createHash("sha256");
    for (const name of Object.keys(files).sort()) {
        outer.update(`${name}\n${createHash("sha256").update(files[name], "utf8").digest("hex")}\n`, "utf8");
    }
    return outer.digest("hex").slice(0, 16);
}

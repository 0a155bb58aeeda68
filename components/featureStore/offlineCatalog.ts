/**
 * The Feast offline store's Glue catalog: one database per project, one Parquet external table per
 * feature view (read through Redshift Spectrum), and, when opted in, the account's Data Catalog encryption.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../core/environment";
import { CATALOG_ENCRYPTION_TAG, FEATURE_STORE_DEFAULTS } from "./featureStoreSettings";
import { FEAST_TIMESTAMP_COLUMNS, FEATURE_TYPE_TO_GLUE, FeatureViewArgs } from "./featureViewSettings";

/** What the catalog needs from `FeatureStore`. */
export interface OfflineCatalogArgs {
    readonly environment: Environment;
    readonly project: string;
    readonly featureViews: FeatureViewArgs[];
    readonly offlineBucketName: pulumi.Input<string>;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly encryptDataCatalog?: boolean;
    readonly tags: Record<string, string>;
    /** Options of the stateful database (protect / retainOnDelete in prod). */
    readonly stateful: pulumi.CustomResourceOptions;
}

/** The Glue database and tables (and the catalog encryption when opted in), children of `parent`. */
export function createOfflineCatalog(
    parent: pulumi.Resource,
    name: string,
    args: OfflineCatalogArgs,
): {
    database: aws.glue.CatalogDatabase;
    tables: aws.glue.CatalogTable[];
    encryption?: aws.glue.DataCatalogEncryptionSettings;
} {
    const encryption = dataCatalogEncryption(name, args, parent);
    // With the catalog encrypted by this stack, the database and tables are written after the setting:
    // Glue encrypts metadata as it is written, so objects created before it would stay unencrypted.
    const dependsOn = encryption !== undefined ? [encryption] : [];
    // Without the setting, the database says who encrypts the catalog (the account's owner), for the policy pack.
    const tags = encryption !== undefined ? args.tags : { ...args.tags, [CATALOG_ENCRYPTION_TAG]: "account" };
    const database = new aws.glue.CatalogDatabase(
        name,
        { name: args.project, description: `Feast offline store of project ${args.project}`, tags },
        { ...args.stateful, parent, dependsOn },
    );
    const tables = args.featureViews.map(
        (view) =>
            new aws.glue.CatalogTable(
                `${name}-${view.name}`,
                {
                    name: view.name,
                    databaseName: database.name,
                    tableType: "EXTERNAL_TABLE",
                    description: `Feast feature view ${view.name} (entity ${view.entity})`,
                    parameters: { classification: "parquet", EXTERNAL: "TRUE", "parquet.compression": "SNAPPY" },
                    storageDescriptor: {
                        location: pulumi.interpolate`s3://${args.offlineBucketName}/${view.name}/`,
                        inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                        outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                        serDeInfo: {
                            serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                            parameters: { "serialization.format": "1" },
                        },
                        columns: glueColumns(view),
                    },
                },
                { parent, dependsOn },
            ),
    );
    return { database, tables, ...(encryption !== undefined ? { encryption } : {}) };
}

/**
 * The account's Glue Data Catalog encryption (metadata and connection passwords with the stack key), when
 * `encryptDataCatalog` opts in. It is one setting per Data Catalog, that is per account and region
 * (PutDataCatalogEncryptionSettings: "CatalogId ... If none is provided, the AWS account ID is used by
 * default", https://docs.aws.amazon.com/glue/latest/webapi/API_PutDataCatalogEncryptionSettings.html), so it
 * is retained on delete: destroying this stack never changes it under other teams' catalog objects.
 */
function dataCatalogEncryption(
    name: string,
    args: OfflineCatalogArgs,
    parent: pulumi.Resource,
): aws.glue.DataCatalogEncryptionSettings | undefined {
    if (!(args.encryptDataCatalog ?? FEATURE_STORE_DEFAULTS[args.environment].encryptDataCatalog)) return undefined;
    return new aws.glue.DataCatalogEncryptionSettings(
        name,
        {
            dataCatalogEncryptionSettings: {
                encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: args.kmsKeyArn },
                connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: args.kmsKeyArn },
            },
        },
        { parent, retainOnDelete: true },
    );
}

/** Glue columns for a feature view: join key, features, then Feast's timestamp columns. */
function glueColumns(view: FeatureViewArgs): { name: string; type: string; comment: string }[] {
    return [
        {
            name: view.joinKey,
            type: view.joinKeyType === "int64" ? "bigint" : "string",
            comment: `join key of entity ${view.entity}`,
        },
        ...Object.entries(view.features).map(([feature, type]) => ({
            name: feature.toLowerCase(),
            type: FEATURE_TYPE_TO_GLUE[type],
            comment: `feature (${type})`,
        })),
        ...FEAST_TIMESTAMP_COLUMNS.map((column) => ({
            name: column,
            type: "timestamp",
            comment: "Feast timestamp column",
        })),
    ];
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validateComponentArgs } from "../core/configErrors";
import { awsContext, statefulOptions } from "../core/context";
import { Environment } from "../core/environment";
import { stackTags } from "../core/tags";
import { FEAST_REPOSITORY_FILES, feastRepository } from "./feastRepository";
import {
    FEAST_REGISTRY_KEY,
    FEAST_REPOSITORY_PREFIX,
    OFFLINE_EXTERNAL_SCHEMA,
    FeatureStoreSettings,
    featureStoreSchema,
    OFFLINE_STAGING_PREFIX,
    PIPELINE_DB_USER,
    resolveOfflineStore,
    resolveOnlineStore,
} from "./featureStoreSettings";
import { OfflineStoreSql } from "./offlineStoreSql";
import { createOnlineTables } from "./onlineStore";
import { createOfflineCatalog } from "./offlineCatalog";
import { createRedshiftEngine } from "./redshiftEngine";

/** Arguments of `FeatureStore`: the config settings plus the buckets, key and network it uses. */
export interface FeatureStoreArgs extends FeatureStoreSettings {
    /** Deployment environment; selects protection and deletion-protection defaults. */
    readonly environment: Environment;
    /** Customer-managed KMS key for Redshift, DynamoDB, the admin secret and the Glue catalog. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Bucket holding offline feature data (Parquet under `<featureView>/`) and Redshift staging (`staging/`). */
    readonly offlineBucketName: pulumi.Input<string>;
    /** ARN of the offline bucket. */
    readonly offlineBucketArn: pulumi.Input<string>;
    /** Bucket holding the Feast registry (`registry.db`). */
    readonly registryBucketName: pulumi.Input<string>;
    /** VPC Redshift runs in. Without it the engine lands in the account's default VPC. */
    readonly vpcId?: pulumi.Input<string>;
    /** Private subnets for Redshift: Serverless needs subnets in at least three AZs, a cluster two. */
    readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups allowed to open SQL connections to Redshift. Default: none (Data API only). */
    readonly sqlClientSecurityGroupIds?: pulumi.Input<string>[];
    /** Protect and retain databases and tables on delete. Default: true in prod. */
    readonly protect?: boolean;
    /** Tags added to the required ones. */
    readonly tags?: Record<string, string>;
}

/** Each store's SQL helper, outside the class so the inferred component schema shows only outputs. */
const OFFLINE_SQL = new WeakMap<FeatureStore, OfflineStoreSql>();

/**
 * The Feast offline and online stores: a Glue database with one Parquet table per feature view
 * (queried through Redshift Spectrum), Redshift Serverless or a provisioned cluster with a role
 * scoped to the offline bucket and catalog, one DynamoDB table per feature view in Feast's shape,
 * and the `feature_store.yaml` that points Feast at all of it.
 */
export class FeatureStore extends pulumi.ComponentResource {
    /** Glue database name. */
    public readonly databaseName: pulumi.Output<string>;
    /** Glue database ARN. */
    public readonly databaseArn: pulumi.Output<string>;
    /** Glue table ARNs, by feature view. */
    public readonly glueTableArns: pulumi.Output<Record<string, string>>;
    /** DynamoDB table names, by feature view. */
    public readonly onlineTableNames: pulumi.Output<Record<string, string>>;
    /** DynamoDB table ARNs, in feature-view order. */
    public readonly onlineTableArns: pulumi.Output<string[]>;
    /** Role Redshift assumes to read the offline bucket and Glue catalog. */
    public readonly redshiftRoleArn: pulumi.Output<string>;
    /** Serverless workgroup name (serverless engine only). */
    public readonly workgroupName?: pulumi.Output<string>;
    /** Cluster identifier (cluster engine only). */
    public readonly clusterIdentifier?: pulumi.Output<string>;
    /** ARN of the workgroup or cluster, for Redshift Data API grants. */
    public readonly redshiftArn: pulumi.Output<string>;
    /** Redshift database Feast queries. */
    public readonly redshiftDatabase: pulumi.Output<string>;
    /** Redshift endpoint (`host:port`). */
    public readonly redshiftEndpoint: pulumi.Output<string>;
    /** Secrets Manager ARN of the generated admin password. */
    public readonly adminSecretArn: pulumi.Output<string>;
    /** Feast `feature_store.yaml` for this stack. */
    public readonly featureStoreYaml: pulumi.Output<string>;
    /** `s3://<registry bucket>/feature_repo/<version>/`: the generated repository the pipeline jobs read. */
    public readonly featureRepositoryUrl: pulumi.Output<string>;
    /** Content hash of the generated repository (`repositoryVersion`); the DAGs pass it to `feast apply`. */
    public readonly featureRepositoryVersion: pulumi.Output<string>;

    constructor(name: string, args: FeatureStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        validateComponentArgs(`FeatureStore ${name}`, featureStoreSchema, {
            project: args.project,
            featureViews: args.featureViews,
            offlineStore: args.offlineStore,
            onlineStore: args.onlineStore,
            encryptDataCatalog: args.encryptDataCatalog,
        });
        super("mlops-platform:index:FeatureStore", name, {}, opts);
        const tags = stackTags(args.environment, args.tags);
        const stateful = { parent: this, ...statefulOptions(args.environment, args.protect) };
        const child = { parent: this };
        const { accountId, region, partition } = awsContext(this);
        const offline = resolveOfflineStore(args.environment, args.offlineStore);
        const dbName = offline.databaseName;

        // ---- Offline store: Glue catalog ----
        const { database, tables } = createOfflineCatalog(this, name, {
            environment: args.environment,
            project: args.project,
            featureViews: args.featureViews,
            offlineBucketName: args.offlineBucketName,
            kmsKeyArn: args.kmsKeyArn,
            encryptDataCatalog: args.encryptDataCatalog,
            tags,
            stateful,
        });

        // ---- Redshift: the Spectrum role and the engine, then the external schema over the catalog ----
        const redshift = createRedshiftEngine(name, {
            project: args.project,
            offline,
            glueDatabase: database,
            kmsKeyArn: args.kmsKeyArn,
            offlineBucketArn: args.offlineBucketArn,
            vpcId: args.vpcId,
            subnetIds: args.subnetIds,
            sqlClientSecurityGroupIds: args.sqlClientSecurityGroupIds,
            accountId,
            region,
            partition,
            tags,
            stateful,
            child,
        });
        this.redshiftRoleArn = redshift.roleArn;
        this.workgroupName = redshift.workgroupName;
        this.clusterIdentifier = redshift.clusterIdentifier;
        this.redshiftArn = redshift.arn;
        this.redshiftEndpoint = redshift.endpoint;
        this.adminSecretArn = redshift.adminSecretArn;
        const sql = new OfflineStoreSql(this, name, redshift.sql, [...redshift.sqlDependsOn, database, ...tables]);
        sql.createExternalSchema(OFFLINE_EXTERNAL_SCHEMA, args.project);
        OFFLINE_SQL.set(this, sql);
        this.redshiftDatabase = pulumi.output(dbName);

        // ---- Online store: DynamoDB in Feast's shape ----
        const onlineTables = createOnlineTables(this, name, {
            project: args.project,
            featureViews: args.featureViews,
            kmsKeyArn: args.kmsKeyArn,
            settings: resolveOnlineStore(args.environment, args.onlineStore),
            tags,
            stateful,
        });

        this.databaseName = database.name;
        this.databaseArn = database.arn;
        this.glueTableArns = pulumi.output(
            Object.fromEntries(args.featureViews.map((v, i) => [v.name, tables[i].arn])),
        );
        this.onlineTableNames = pulumi.output(
            Object.fromEntries(args.featureViews.map((v, i) => [v.name, onlineTables[i].name])),
        );
        this.onlineTableArns = pulumi.all(onlineTables.map((t) => t.arn));
        const repository = pulumi
            .all([
                region,
                this.workgroupName,
                this.clusterIdentifier,
                this.redshiftRoleArn,
                args.offlineBucketName,
                args.registryBucketName,
            ])
            .apply(([awsRegion, workgroup, clusterId, iamRole, offlineBucket, registryBucket]) =>
                feastRepository({
                    project: args.project,
                    region: awsRegion,
                    registryPath: `s3://${registryBucket}/${FEAST_REGISTRY_KEY}`,
                    redshift:
                        workgroup !== undefined ? { workgroup } : { clusterId: clusterId!, user: PIPELINE_DB_USER },
                    database: dbName,
                    s3StagingLocation: `s3://${offlineBucket}/${OFFLINE_STAGING_PREFIX.replace(/\/$/, "")}`,
                    iamRole,
                    featureViews: args.featureViews,
                    externalSchema: OFFLINE_EXTERNAL_SCHEMA,
                }),
            );
        this.featureStoreYaml = repository.files["feature_store.yaml"];
        this.featureRepositoryVersion = repository.version;
        // Content-addressed: a new version is a new folder, so a job of the old version never reads new files.
        const folder = pulumi.interpolate`${FEAST_REPOSITORY_PREFIX}${repository.version}/`;
        for (const file of FEAST_REPOSITORY_FILES) {
            new aws.s3.BucketObjectv2(
                `${name}-repo-${file.replace(/[^a-z0-9]/g, "-")}`,
                {
                    bucket: args.registryBucketName,
                    key: pulumi.interpolate`${folder}${file}`,
                    content: repository.files[file],
                    contentType: file.endsWith(".py") ? "text/x-python" : "application/yaml",
                    serverSideEncryption: "aws:kms",
                    kmsKeyId: args.kmsKeyArn,
                    bucketKeyEnabled: true,
                    tags,
                },
                child,
            );
        }
        this.featureRepositoryUrl = pulumi.interpolate`s3://${args.registryBucketName}/${folder}`;

        this.registerOutputs({
            databaseName: this.databaseName,
            databaseArn: this.databaseArn,
            glueTableArns: this.glueTableArns,
            onlineTableNames: this.onlineTableNames,
            onlineTableArns: this.onlineTableArns,
            redshiftRoleArn: this.redshiftRoleArn,
            workgroupName: this.workgroupName,
            clusterIdentifier: this.clusterIdentifier,
            redshiftArn: this.redshiftArn,
            redshiftDatabase: this.redshiftDatabase,
            redshiftEndpoint: this.redshiftEndpoint,
            adminSecretArn: this.adminSecretArn,
            featureStoreYaml: this.featureStoreYaml,
            featureRepositoryUrl: this.featureRepositoryUrl,
            featureRepositoryVersion: this.featureRepositoryVersion,
        });
    }

    /**
     * Creates the pipeline's database user and grants it the external schema and Feast's work schema
     * (Redshift Data API statements ordered after the external schema).
     */
    grantPipelineUser(user: pulumi.Input<string>): void {
        OFFLINE_SQL.get(this)!.grantPipelineUser(user);
    }
}

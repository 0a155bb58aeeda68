import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import {
    Environment,
    environmentProfile,
    FEAST_TIMESTAMP_COLUMNS,
    FEATURE_TYPE_TO_GLUE,
    FeatureType,
    JoinKeyType,
    OfflineStoreEngine,
    OnlineBillingMode,
    RedshiftNodeType,
    schemas,
    validateComponentArgs,
} from "./config";
import { awsContext, statefulOptions, stackTags } from "./context";
import { bucketObjectsArn, policyDocument, serviceTrustPolicy } from "./iam";

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

/** Offline store engine settings. */
export interface OfflineStoreArgs {
    /** Redshift Serverless (default) or a provisioned cluster. */
    readonly engine?: OfflineStoreEngine;
    /** Serverless base capacity in RPU (8–512, multiple of 8). Default: 8. */
    readonly baseCapacityRpu?: number;
    /** Serverless capacity ceiling in RPU. Default: none (AWS default). */
    readonly maxCapacityRpu?: number;
    /** Database name. Default: "feast". */
    readonly databaseName?: string;
    /** Admin user name; its password is generated and kept in Secrets Manager. Default: "feast_admin". */
    readonly adminUsername?: string;
    /** Cluster node type. Default: "ra3.large". */
    readonly nodeType?: RedshiftNodeType;
    /** Cluster node count. Default: 1 (2 in prod). */
    readonly numberOfNodes?: number;
}

/** Online store (DynamoDB) settings. */
export interface OnlineStoreArgs {
    /** Billing mode. Default: "PAY_PER_REQUEST". */
    readonly billingMode?: OnlineBillingMode;
    /** PROVISIONED: initial and minimum read capacity. Default: 5. */
    readonly readCapacity?: number;
    /** PROVISIONED: initial and minimum write capacity. Default: 5. */
    readonly writeCapacity?: number;
    /** PROVISIONED: autoscaling ceiling for reads. Default: 10 × readCapacity. */
    readonly maxReadCapacity?: number;
    /** PROVISIONED: autoscaling ceiling for writes. Default: 10 × writeCapacity. */
    readonly maxWriteCapacity?: number;
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
}

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
    /**
     * Encrypt the account's Glue Data Catalog (metadata and connection passwords) with the key.
     * This is an account-and-region-wide setting. Default: true.
     */
    readonly encryptDataCatalog?: boolean;
    /** Protect and retain databases and tables on delete. Default: true in prod. */
    readonly protect?: boolean;
    /** Tags added to the required ones. */
    readonly tags?: Record<string, string>;
}

const FEAST_ENTITY_KEY_ATTRIBUTE = "entity_id";
const STAGING_PREFIX = "staging/";

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

    constructor(name: string, args: FeatureStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        validateComponentArgs(`FeatureStore ${name}`, schemas.featureStore, {
            project: args.project,
            featureViews: args.featureViews,
            offlineStore: args.offlineStore,
            onlineStore: args.onlineStore,
        });
        super("mlops-platform:index:FeatureStore", name, {}, opts);
        const profile = environmentProfile(args.environment);
        const tags = stackTags(args.environment, args.tags);
        const stateful = { parent: this, ...statefulOptions(args.environment, args.protect) };
        const child = { parent: this };
        const { accountId, region, partition } = awsContext(this);
        const offline = args.offlineStore ?? {};
        const engine = offline.engine ?? "redshift-serverless";
        const dbName = offline.databaseName ?? "feast";
        const adminUsername = offline.adminUsername ?? "feast_admin";

        // ---- Offline store: Glue catalog ----
        const database = new aws.glue.CatalogDatabase(
            name,
            { name: args.project, description: `Feast offline store of project ${args.project}`, tags },
            stateful,
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
                    child,
                ),
        );
        if (args.encryptDataCatalog ?? true) {
            new aws.glue.DataCatalogEncryptionSettings(
                name,
                {
                    dataCatalogEncryptionSettings: {
                        encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: args.kmsKeyArn },
                        connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: args.kmsKeyArn },
                    },
                },
                child,
            );
        }

        // ---- Role Redshift assumes for Spectrum (catalog + offline bucket) and COPY/UNLOAD staging ----
        const offlineObjects = bucketObjectsArn(args.offlineBucketArn);
        const catalogArn = pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:catalog`;
        const redshiftRole = new aws.iam.Role(
            `${name}-redshift`,
            {
                description: `Redshift Spectrum access to the ${args.project} offline store`,
                assumeRolePolicy: serviceTrustPolicy(["redshift.amazonaws.com", "redshift-serverless.amazonaws.com"], accountId),
                maxSessionDuration: 3600,
                tags,
            },
            child,
        );
        new aws.iam.RolePolicy(
            `${name}-redshift`,
            {
                role: redshiftRole.id,
                policy: policyDocument([
                    { Sid: "ListOfflineBucket", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: args.offlineBucketArn },
                    { Sid: "ReadOfflineFeatures", Action: ["s3:GetObject"], Resource: offlineObjects },
                    {
                        Sid: "UnloadToStaging",
                        Action: ["s3:PutObject", "s3:DeleteObject"],
                        Resource: bucketObjectsArn(args.offlineBucketArn, STAGING_PREFIX),
                    },
                    {
                        Sid: "ReadFeatureCatalog",
                        Action: ["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition"],
                        Resource: [catalogArn, database.arn, pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:table/${database.name}/*`],
                    },
                    {
                        Sid: "DecryptWithStackKey",
                        Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
                        Resource: args.kmsKeyArn,
                        Condition: { StringEquals: { "kms:ViaService": [pulumi.interpolate`s3.${region}.amazonaws.com`, pulumi.interpolate`glue.${region}.amazonaws.com`] } },
                    },
                ]),
            },
            child,
        );
        this.redshiftRoleArn = redshiftRole.arn;

        // ---- Redshift: private, encrypted, TLS only, password in Secrets Manager ----
        const securityGroupIds =
            args.vpcId !== undefined
                ? [
                      new aws.ec2.SecurityGroup(
                          `${name}-redshift`,
                          {
                              vpcId: args.vpcId,
                              description: "Redshift offline store: SQL only from listed client security groups",
                              ingress: (args.sqlClientSecurityGroupIds ?? []).map((sg) => ({
                                  description: "SQL from an allowed client security group",
                                  protocol: "tcp",
                                  fromPort: 5439,
                                  toPort: 5439,
                                  securityGroups: [sg],
                              })),
                              egress: [{ description: "HTTPS to AWS APIs (S3, Glue, KMS)", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
                              tags,
                          },
                          child,
                      ).id,
                  ]
                : undefined;

        if (engine === "redshift-serverless") {
            const namespace = new aws.redshiftserverless.Namespace(
                name,
                {
                    namespaceName: redshiftName(name),
                    dbName,
                    adminUsername,
                    manageAdminPassword: true,
                    adminPasswordSecretKmsKeyId: args.kmsKeyArn,
                    kmsKeyId: args.kmsKeyArn,
                    iamRoles: [redshiftRole.arn],
                    defaultIamRoleArn: redshiftRole.arn,
                    logExports: ["userlog", "connectionlog", "useractivitylog"],
                    tags,
                },
                stateful,
            );
            const workgroup = new aws.redshiftserverless.Workgroup(
                name,
                {
                    workgroupName: redshiftName(name),
                    namespaceName: namespace.namespaceName,
                    baseCapacity: offline.baseCapacityRpu ?? profile.redshiftBaseCapacityRpu,
                    ...(offline.maxCapacityRpu !== undefined ? { maxCapacity: offline.maxCapacityRpu } : {}),
                    publiclyAccessible: false,
                    enhancedVpcRouting: true,
                    subnetIds: args.subnetIds,
                    securityGroupIds,
                    configParameters: [
                        { parameterKey: "require_ssl", parameterValue: "true" },
                        { parameterKey: "enable_user_activity_logging", parameterValue: "true" },
                        { parameterKey: "max_query_execution_time", parameterValue: "14400" },
                    ],
                    tags,
                },
                child,
            );
            this.workgroupName = workgroup.workgroupName;
            this.redshiftArn = workgroup.arn;
            this.redshiftEndpoint = workgroup.endpoints.apply((e) => `${e[0].address}:${e[0].port}`);
            this.adminSecretArn = namespace.adminPasswordSecretArn;
        } else {
            const parameterGroup = new aws.redshift.ParameterGroup(
                name,
                {
                    family: "redshift-2.0",
                    description: "TLS-only connections and user activity logging",
                    parameters: [
                        { name: "require_ssl", value: "true" },
                        { name: "enable_user_activity_logging", value: "true" },
                    ],
                    tags,
                },
                child,
            );
            const subnetGroup =
                args.subnetIds !== undefined
                    ? new aws.redshift.SubnetGroup(name, { subnetIds: args.subnetIds, description: "Private subnets of the offline store", tags }, child)
                    : undefined;
            const nodes = offline.numberOfNodes ?? (args.environment === "prod" ? 2 : 1);
            const clusterIdentifier = redshiftName(name);
            const cluster = new aws.redshift.Cluster(
                name,
                {
                    clusterIdentifier,
                    nodeType: offline.nodeType ?? "ra3.large",
                    clusterType: nodes > 1 ? "multi-node" : "single-node",
                    ...(nodes > 1 ? { numberOfNodes: nodes } : {}),
                    databaseName: dbName,
                    masterUsername: adminUsername,
                    manageMasterPassword: true,
                    masterPasswordSecretKmsKeyId: args.kmsKeyArn,
                    encrypted: "true",
                    kmsKeyId: args.kmsKeyArn,
                    publiclyAccessible: false,
                    enhancedVpcRouting: true,
                    clusterParameterGroupName: parameterGroup.name,
                    clusterSubnetGroupName: subnetGroup?.name,
                    vpcSecurityGroupIds: securityGroupIds,
                    iamRoles: [redshiftRole.arn],
                    defaultIamRoleArn: redshiftRole.arn,
                    automatedSnapshotRetentionPeriod: profile.redshiftSnapshotRetentionDays,
                    allowVersionUpgrade: true,
                    skipFinalSnapshot: !profile.redshiftFinalSnapshot,
                    ...(profile.redshiftFinalSnapshot ? { finalSnapshotIdentifier: `${clusterIdentifier}-final` } : {}),
                    tags,
                },
                stateful,
            );
            new aws.redshift.Logging(
                name,
                { clusterIdentifier: cluster.clusterIdentifier, logDestinationType: "cloudwatch", logExports: ["connectionlog", "userlog", "useractivitylog"] },
                child,
            );
            this.clusterIdentifier = cluster.clusterIdentifier;
            this.redshiftArn = cluster.arn;
            this.redshiftEndpoint = cluster.endpoint;
            this.adminSecretArn = cluster.masterPasswordSecretArn;
        }
        this.redshiftDatabase = pulumi.output(dbName);

        // ---- Online store: DynamoDB in Feast's shape ----
        const online = args.onlineStore ?? {};
        const billingMode = online.billingMode ?? "PAY_PER_REQUEST";
        const onlineTables = args.featureViews.map((view) => {
            const tableName = `${args.project}.${view.name}`;
            const provisioned = billingMode === "PROVISIONED";
            const table = new aws.dynamodb.Table(
                `${name}-${view.name}`,
                {
                    name: tableName,
                    billingMode,
                    hashKey: FEAST_ENTITY_KEY_ATTRIBUTE,
                    attributes: [{ name: FEAST_ENTITY_KEY_ATTRIBUTE, type: "S" }],
                    ...(provisioned ? { readCapacity: online.readCapacity ?? 5, writeCapacity: online.writeCapacity ?? 5 } : {}),
                    pointInTimeRecovery: { enabled: true },
                    serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
                    deletionProtectionEnabled: profile.tableDeletionProtection,
                    tags,
                },
                // Autoscaling owns capacity once the table exists.
                { ...stateful, ...(provisioned ? { ignoreChanges: ["readCapacity", "writeCapacity"] } : {}) },
            );
            if (provisioned) {
                for (const [dimension, min, max] of [
                    ["Read", online.readCapacity ?? 5, online.maxReadCapacity ?? 10 * (online.readCapacity ?? 5)],
                    ["Write", online.writeCapacity ?? 5, online.maxWriteCapacity ?? 10 * (online.writeCapacity ?? 5)],
                ] as const) {
                    const target = new aws.appautoscaling.Target(
                        `${name}-${view.name}-${dimension.toLowerCase()}`,
                        {
                            serviceNamespace: "dynamodb",
                            resourceId: `table/${tableName}`,
                            scalableDimension: `dynamodb:table:${dimension}CapacityUnits`,
                            minCapacity: min,
                            maxCapacity: max,
                            tags,
                        },
                        { parent: this, dependsOn: [table] },
                    );
                    new aws.appautoscaling.Policy(
                        `${name}-${view.name}-${dimension.toLowerCase()}`,
                        {
                            policyType: "TargetTrackingScaling",
                            serviceNamespace: target.serviceNamespace,
                            resourceId: target.resourceId,
                            scalableDimension: target.scalableDimension,
                            targetTrackingScalingPolicyConfiguration: {
                                targetValue: 70,
                                predefinedMetricSpecification: { predefinedMetricType: `DynamoDB${dimension}CapacityUtilization` },
                            },
                        },
                        child,
                    );
                }
            }
            return table;
        });

        this.databaseName = database.name;
        this.databaseArn = database.arn;
        this.glueTableArns = pulumi.output(Object.fromEntries(args.featureViews.map((v, i) => [v.name, tables[i].arn])));
        this.onlineTableNames = pulumi.output(Object.fromEntries(args.featureViews.map((v, i) => [v.name, onlineTables[i].name])));
        this.onlineTableArns = pulumi.all(onlineTables.map((t) => t.arn));
        this.featureStoreYaml = pulumi
            .all([region, this.workgroupName, this.clusterIdentifier, this.redshiftRoleArn, args.offlineBucketName, args.registryBucketName])
            .apply(([awsRegion, workgroup, clusterId, iamRole, offlineBucket, registryBucket]) =>
                renderFeatureStoreYaml({
                    project: args.project,
                    region: awsRegion,
                    registryPath: `s3://${registryBucket}/registry.db`,
                    offlineStore: {
                        ...(workgroup !== undefined ? { workgroup } : { cluster_id: clusterId, user: adminUsername }),
                        database: dbName,
                        s3_staging_location: `s3://${offlineBucket}/${STAGING_PREFIX.replace(/\/$/, "")}`,
                        iam_role: iamRole,
                    },
                }),
            );

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
        });
    }
}

/** Glue columns for a feature view: join key, features, then Feast's timestamp columns. */
function glueColumns(view: FeatureViewArgs): { name: string; type: string; comment: string }[] {
    return [
        { name: view.joinKey, type: view.joinKeyType === "int64" ? "bigint" : "string", comment: `join key of entity ${view.entity}` },
        ...Object.entries(view.features).map(([feature, type]) => ({ name: feature.toLowerCase(), type: FEATURE_TYPE_TO_GLUE[type], comment: `feature (${type})` })),
        ...FEAST_TIMESTAMP_COLUMNS.map((column) => ({ name: column, type: "timestamp", comment: "Feast timestamp column" })),
    ];
}

/** Redshift identifiers: lower case letters, digits and hyphens, 3–63 characters. */
function redshiftName(componentName: string): string {
    return componentName.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^[^a-z]+/, "").slice(0, 63).replace(/-+$/, "");
}

/** Inputs of `renderFeatureStoreYaml`. */
export interface FeatureStoreYamlInputs {
    readonly project: string;
    readonly region: string;
    readonly registryPath: string;
    readonly offlineStore: Record<string, string | undefined>;
}

/** Renders Feast's `feature_store.yaml` (provider aws: DynamoDB online, Redshift offline, S3 registry). */
export function renderFeatureStoreYaml(inputs: FeatureStoreYamlInputs): string {
    const document = {
        project: inputs.project,
        provider: "aws",
        registry: { registry_type: "file", path: inputs.registryPath },
        online_store: { type: "dynamodb", region: inputs.region },
        offline_store: { type: "redshift", region: inputs.region, ...inputs.offlineStore },
        entity_key_serialization_version: 3,
    };
    return stringify(document, { lineWidth: 0 });
}

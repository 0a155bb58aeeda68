import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validateComponentArgs } from "../core/configErrors";
import { awsContext, statefulOptions } from "../core/context";
import { Environment } from "../core/environment";
import { bucketObjectsArn, policyDocument, serviceTrustPolicy } from "../core/iam";
import { stackTags } from "../core/tags";
import { renderFeatureStoreYaml } from "./feastRepository";
import { createOfflineCatalog } from "./offlineCatalog";
import { OFFLINE_STORE_WORKGROUP_PARAMETERS, workgroupConfigParameters } from "./redshiftWorkgroupDefaults";
import {
    FEAST_REGISTRY_KEY,
    FeatureStoreSettings,
    featureStoreSchema,
    OFFLINE_STAGING_PREFIX,
    resolveOfflineStore,
    resolveOnlineStore,
} from "./featureStoreSettings";
import { createOnlineTables } from "./onlineStore";
import { redshiftName } from "./redshiftRules";

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
        const { engine, databaseName: dbName, adminUsername } = offline;

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

        // ---- Role Redshift assumes for Spectrum (catalog + offline bucket) and COPY/UNLOAD staging ----
        const offlineObjects = bucketObjectsArn(args.offlineBucketArn);
        const catalogArn = pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:catalog`;
        const redshiftRole = new aws.iam.Role(
            `${name}-redshift`,
            {
                description: `Redshift Spectrum access to the ${args.project} offline store`,
                assumeRolePolicy: serviceTrustPolicy(
                    ["redshift.amazonaws.com", "redshift-serverless.amazonaws.com"],
                    accountId,
                ),
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
                    {
                        Sid: "ListOfflineBucket",
                        Action: ["s3:ListBucket", "s3:GetBucketLocation"],
                        Resource: args.offlineBucketArn,
                    },
                    { Sid: "ReadOfflineFeatures", Action: ["s3:GetObject"], Resource: offlineObjects },
                    {
                        Sid: "UnloadToStaging",
                        Action: ["s3:PutObject", "s3:DeleteObject"],
                        Resource: bucketObjectsArn(args.offlineBucketArn, OFFLINE_STAGING_PREFIX),
                    },
                    {
                        Sid: "ReadFeatureCatalog",
                        Action: [
                            "glue:GetDatabase",
                            "glue:GetDatabases",
                            "glue:GetTable",
                            "glue:GetTables",
                            "glue:GetPartition",
                            "glue:GetPartitions",
                            "glue:BatchGetPartition",
                        ],
                        Resource: [
                            catalogArn,
                            database.arn,
                            pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:table/${database.name}/*`,
                        ],
                    },
                    {
                        Sid: "DecryptWithStackKey",
                        Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
                        Resource: args.kmsKeyArn,
                        Condition: {
                            StringEquals: {
                                "kms:ViaService": [
                                    pulumi.interpolate`s3.${region}.amazonaws.com`,
                                    pulumi.interpolate`glue.${region}.amazonaws.com`,
                                ],
                            },
                        },
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
                              egress: [
                                  {
                                      description: "HTTPS to AWS APIs (S3, Glue, KMS)",
                                      protocol: "tcp",
                                      fromPort: 443,
                                      toPort: 443,
                                      cidrBlocks: ["0.0.0.0/0"],
                                  },
                              ],
                              tags,
                          },
                          child,
                      ).id,
                  ]
                : undefined;

        if (engine === "redshift-serverless") {
            const configParameters = workgroupConfigParameters(OFFLINE_STORE_WORKGROUP_PARAMETERS);
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
                    baseCapacity: offline.baseCapacityRpu,
                    ...(offline.maxCapacityRpu !== undefined ? { maxCapacity: offline.maxCapacityRpu } : {}),
                    publiclyAccessible: false,
                    enhancedVpcRouting: true,
                    subnetIds: args.subnetIds,
                    securityGroupIds,
                    // Only parameters that differ from AWS's defaults (none today): a configured one would make every
                    // later apply fail (hashicorp/terraform-provider-aws#49939, redshiftWorkgroupDefaults.ts).
                    ...(configParameters.length > 0 ? { configParameters } : {}),
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
                    ? new aws.redshift.SubnetGroup(
                          name,
                          { subnetIds: args.subnetIds, description: "Private subnets of the offline store", tags },
                          child,
                      )
                    : undefined;
            const nodes = offline.numberOfNodes;
            const clusterIdentifier = redshiftName(name);
            const cluster = new aws.redshift.Cluster(
                name,
                {
                    clusterIdentifier,
                    nodeType: offline.nodeType,
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
                    automatedSnapshotRetentionPeriod: offline.snapshotRetentionDays,
                    allowVersionUpgrade: true,
                    skipFinalSnapshot: !offline.finalSnapshot,
                    ...(offline.finalSnapshot ? { finalSnapshotIdentifier: `${clusterIdentifier}-final` } : {}),
                    tags,
                },
                stateful,
            );
            new aws.redshift.Logging(
                name,
                {
                    clusterIdentifier: cluster.clusterIdentifier,
                    logDestinationType: "cloudwatch",
                    logExports: ["connectionlog", "userlog", "useractivitylog"],
                },
                child,
            );
            this.clusterIdentifier = cluster.clusterIdentifier;
            this.redshiftArn = cluster.arn;
            this.redshiftEndpoint = cluster.endpoint;
            this.adminSecretArn = cluster.masterPasswordSecretArn;
        }
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
        this.featureStoreYaml = pulumi
            .all([
                region,
                this.workgroupName,
                this.clusterIdentifier,
                this.redshiftRoleArn,
                args.offlineBucketName,
                args.registryBucketName,
            ])
            .apply(([awsRegion, workgroup, clusterId, iamRole, offlineBucket, registryBucket]) =>
                renderFeatureStoreYaml({
                    project: args.project,
                    region: awsRegion,
                    registryPath: `s3://${registryBucket}/${FEAST_REGISTRY_KEY}`,
                    offlineStore: {
                        ...(workgroup !== undefined ? { workgroup } : { cluster_id: clusterId, user: adminUsername }),
                        database: dbName,
                        s3_staging_location: `s3://${offlineBucket}/${OFFLINE_STAGING_PREFIX.replace(/\/$/, "")}`,
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

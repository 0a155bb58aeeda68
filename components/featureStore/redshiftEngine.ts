/**
 * The Redshift side of the offline store: the role Redshift assumes for Spectrum and COPY/UNLOAD,
 * its security group, and either a Serverless namespace + workgroup or a provisioned cluster.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketObjectsArn, policyDocument, serviceTrustPolicy } from "../core/iam";
import { OFFLINE_STAGING_PREFIX, ResolvedOfflineStore } from "./featureStoreSettings";
import { OFFLINE_STORE_WORKGROUP_PARAMETERS, workgroupConfigParameters } from "./redshiftWorkgroupDefaults";

/** What `createRedshiftEngine` needs from its `FeatureStore`. */
export interface RedshiftEngineArgs {
    readonly project: string;
    readonly offline: ResolvedOfflineStore;
    readonly glueDatabase: aws.glue.CatalogDatabase;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly offlineBucketArn: pulumi.Input<string>;
    readonly vpcId?: pulumi.Input<string>;
    readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    readonly sqlClientSecurityGroupIds?: pulumi.Input<string>[];
    readonly accountId: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    readonly tags: Record<string, string>;
    /** Options of the namespace or cluster (parent plus protection in prod). */
    readonly stateful: pulumi.CustomResourceOptions;
    /** Options of the other resources (parent only). */
    readonly child: pulumi.CustomResourceOptions;
}

/** Where the Data API runs the platform's SQL: the engine, the admin secret and the database. */
export interface RedshiftSqlTarget {
    readonly workgroupName?: pulumi.Output<string>;
    readonly clusterIdentifier?: pulumi.Output<string>;
    readonly secretArn: pulumi.Output<string>;
    readonly database: string;
}

/** The engine's names, ARNs and what SQL against it must wait for. */
export interface RedshiftEngine {
    readonly roleArn: pulumi.Output<string>;
    readonly workgroupName?: pulumi.Output<string>;
    readonly clusterIdentifier?: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly adminSecretArn: pulumi.Output<string>;
    readonly sql: RedshiftSqlTarget;
    /** The engine, its role association and the role's grants: SQL runs after all of them. */
    readonly sqlDependsOn: pulumi.Resource[];
}

/** Creates the Spectrum role and the engine the config selects. */
export function createRedshiftEngine(name: string, args: RedshiftEngineArgs): RedshiftEngine {
    const { offline, tags, stateful, child, accountId, region, partition } = args;
    const { engine, databaseName: dbName, adminUsername } = offline;
    // ---- Role Redshift assumes for Spectrum (catalog + offline bucket) and COPY/UNLOAD staging ----
    const offlineObjects = bucketObjectsArn(args.offlineBucketArn);
    const database = args.glueDatabase.name;
    const tablesArn = pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:table/${database}/*`;
    const catalogArn = pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:catalog`;
    const role = new aws.iam.Role(
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
    const rolePolicy = new aws.iam.RolePolicy(
        `${name}-redshift`,
        {
            role: role.id,
            policy: policyDocument([
                {
                    Sid: "ListOfflineBucket",
                    Action: ["s3:ListBucket", "s3:GetBucketLocation"],
                    Resource: args.offlineBucketArn,
                },
                { Sid: "ReadOfflineFeatures", Action: ["s3:GetObject"], Resource: offlineObjects },
                {
                    // Feast's UNLOAD sets neither ALLOWOVERWRITE nor CLEANPATH, so it only writes; the
                    // processing role deletes the staging files.
                    Sid: "UnloadToStaging",
                    Action: ["s3:PutObject"],
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
                    Resource: [catalogArn, args.glueDatabase.arn, tablesArn],
                },
                {
                    // S3 SSE-KMS asks for kms:GenerateDataKey to write and kms:Decrypt to read (AmazonS3
                    // UsingKMSEncryption); no DescribeKey.
                    Sid: "DecryptWithStackKey",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
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
        const namespace = new aws.redshiftserverless.Namespace(
            name,
            {
                namespaceName: redshiftName(name),
                dbName,
                adminUsername,
                manageAdminPassword: true,
                adminPasswordSecretKmsKeyId: args.kmsKeyArn,
                kmsKeyId: args.kmsKeyArn,
                iamRoles: [role.arn],
                defaultIamRoleArn: role.arn,
                logExports: ["userlog", "connectionlog", "useractivitylog"],
                tags,
            },
            stateful,
        );
        const configParameters = workgroupConfigParameters(OFFLINE_STORE_WORKGROUP_PARAMETERS);
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
        return {
            roleArn: role.arn,
            workgroupName: workgroup.workgroupName,
            arn: workgroup.arn,
            endpoint: workgroup.endpoints.apply((e) => `${e[0].address}:${e[0].port}`),
            adminSecretArn: namespace.adminPasswordSecretArn,
            sql: {
                workgroupName: workgroup.workgroupName,
                secretArn: namespace.adminPasswordSecretArn,
                database: dbName,
            },
            // The role association and default role live on the namespace; the grants of that role on its policy.
            sqlDependsOn: [namespace, workgroup, rolePolicy],
        };
    }
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
            iamRoles: [role.arn],
            defaultIamRoleArn: role.arn,
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
    return {
        roleArn: role.arn,
        clusterIdentifier: cluster.clusterIdentifier,
        arn: cluster.arn,
        endpoint: cluster.endpoint,
        adminSecretArn: cluster.masterPasswordSecretArn,
        sql: {
            clusterIdentifier: cluster.clusterIdentifier,
            secretArn: cluster.masterPasswordSecretArn,
            database: dbName,
        },
        // iamRoles and defaultIamRoleArn are arguments of the cluster itself.
        sqlDependsOn: [cluster, rolePolicy],
    };
}

/** Redshift identifiers: lower case letters, digits and hyphens, 3–63 characters. */
function redshiftName(componentName: string): string {
    return componentName
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .replace(/^[^a-z]+/, "")
        .slice(0, 63)
        .replace(/-+$/, "");
}

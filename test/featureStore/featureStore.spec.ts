import * as assert from "assert";
import { parse } from "yaml";
import { FeatureStore, FeatureStoreArgs } from "../../components/featureStore/featureStore";
import { ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { errorMessage, sids, statement } from "../support/helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";
const OFFLINE_ARN = "arn:aws:s3:::offline-bucket";

function args(overrides: Partial<FeatureStoreArgs> = {}): FeatureStoreArgs {
    return {
        environment: "dev",
        project: "customer_segmentation",
        kmsKeyArn: KEY,
        offlineBucketName: "offline-bucket",
        offlineBucketArn: OFFLINE_ARN,
        registryBucketName: "registry-bucket",
        featureViews: [
            {
                name: "customer_rfm_features",
                entity: "customer",
                joinKey: "customerid",
                features: {
                    recency: "int32",
                    frequency: "int64",
                    monetaryvalue: "double",
                    score: "float",
                    segment: "string",
                    active: "bool",
                    last_seen: "timestamp",
                },
            },
            { name: "customer_ltv", entity: "customer", joinKey: "customerid", features: { ltvcluster: "int32" } },
        ],
        ...overrides,
    };
}

describe("FeatureStore", () => {
    describe("serverless engine in dev", () => {
        let rec: ResourceRecorder;
        let store: FeatureStore;
        before(async () => {
            rec = startMockRun({ stack: "dev" });
            store = new FeatureStore(
                "fs",
                args({ vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-a", "subnet-b", "subnet-c"] }),
            );
            await settle();
        });

        it("registers the expected resources", () => {
            const counts: Record<string, number> = {};
            for (const r of rec.resources.filter((x) => x.custom)) counts[r.type] = (counts[r.type] ?? 0) + 1;
            assert.deepStrictEqual(counts, {
                "aws:glue/catalogDatabase:CatalogDatabase": 1,
                "aws:glue/catalogTable:CatalogTable": 2,
                "aws:iam/role:Role": 1,
                "aws:iam/rolePolicy:RolePolicy": 1,
                "aws:ec2/securityGroup:SecurityGroup": 1,
                "aws:redshiftserverless/namespace:Namespace": 1,
                "aws:redshiftserverless/workgroup:Workgroup": 1,
                "aws:redshiftdata/statement:Statement": 1,
                "aws:s3/bucketObjectv2:BucketObjectv2": 2,
                "aws:dynamodb/table:Table": 2,
            });
        });

        it("creates the external schema over the Glue database as the admin, after engine, role and catalog", () => {
            const schema = rec.named("aws:redshiftdata/statement:Statement", "fs-sql-external-schema");
            assert.deepStrictEqual(schema.inputs, {
                workgroupName: "fs",
                secretArn: rec.named("aws:redshiftserverless/namespace:Namespace", "fs").outputs.adminPasswordSecretArn,
                database: "feast",
                sql:
                    'CREATE EXTERNAL SCHEMA IF NOT EXISTS "feast_offline" ' +
                    "FROM DATA CATALOG DATABASE 'customer_segmentation' IAM_ROLE default",
                statementName: "fs-external-schema",
            });
            const urn = (type: string, name: string) => rec.named(type, name).urn;
            for (const [type, name] of [
                ["aws:redshiftserverless/namespace:Namespace", "fs"],
                ["aws:redshiftserverless/workgroup:Workgroup", "fs"],
                ["aws:iam/rolePolicy:RolePolicy", "fs-redshift"],
                ["aws:glue/catalogDatabase:CatalogDatabase", "fs"],
                ["aws:glue/catalogTable:CatalogTable", "fs-customer_ltv"],
            ]) {
                assert.ok(schema.dependencies.includes(urn(type, name)), `${name} before the external schema`);
            }
            // IAM_ROLE default is the Spectrum role: the namespace associates it and makes it the default.
            const ns = rec.named("aws:redshiftserverless/namespace:Namespace", "fs").inputs;
            assert.deepStrictEqual([ns.iamRoles, ns.defaultIamRoleArn], [[ns.defaultIamRoleArn], ns.defaultIamRoleArn]);
        });

        it("grants the pipeline user USAGE on the external schema and CREATE on public, in order", async () => {
            store.grantPipelineUser("IAMR:mlops-dev-airflow-processing-0a1b2c3");
            await settle();
            const stmt = (n: string) => rec.named("aws:redshiftdata/statement:Statement", `fs-sql-${n}`);
            assert.deepStrictEqual(
                ["pipeline-user", "grant-external-schema", "grant-work-schema"].map((n) => stmt(n).inputs.sql),
                [
                    'CREATE USER "IAMR:mlops-dev-airflow-processing-0a1b2c3" PASSWORD DISABLE',
                    'GRANT USAGE ON SCHEMA "feast_offline" TO "IAMR:mlops-dev-airflow-processing-0a1b2c3"',
                    'GRANT CREATE ON SCHEMA "public" TO "IAMR:mlops-dev-airflow-processing-0a1b2c3"',
                ],
            );
            const deps = (n: string) => stmt(n).dependencies;
            assert.ok(
                deps("pipeline-user").includes(rec.named("aws:redshiftserverless/workgroup:Workgroup", "fs").urn),
            );
            assert.ok(deps("grant-external-schema").includes(stmt("external-schema").urn));
            assert.ok(deps("grant-external-schema").includes(stmt("pipeline-user").urn));
            assert.ok(deps("grant-work-schema").includes(stmt("pipeline-user").urn));
        });

        it("uploads the generated repository, KMS-encrypted, under its content version", async () => {
            const version = await valueOf(store.featureRepositoryVersion);
            assert.match(version, /^[0-9a-f]{16}$/);
            const objects = rec.ofType("aws:s3/bucketObjectv2:BucketObjectv2");
            assert.deepStrictEqual(
                objects.map((o) => [
                    o.name,
                    o.inputs.bucket,
                    o.inputs.key,
                    o.inputs.serverSideEncryption,
                    o.inputs.kmsKeyId,
                ]),
                [
                    [
                        "fs-repo-feature-store-yaml",
                        "registry-bucket",
                        `feature_repo/${version}/feature_store.yaml`,
                        "aws:kms",
                        KEY,
                    ],
                    ["fs-repo-features-py", "registry-bucket", `feature_repo/${version}/features.py`, "aws:kms", KEY],
                ],
            );
            assert.strictEqual(objects[0].inputs.content, await valueOf(store.featureStoreYaml));
            assert.match(String(objects[1].inputs.content), /^view_customer_ltv = FeatureView\($/m);
            assert.strictEqual(
                await valueOf(store.featureRepositoryUrl),
                `s3://registry-bucket/feature_repo/${version}/`,
            );
        });

        it("creates a Glue database named after the project", () => {
            assert.strictEqual(
                rec.named("aws:glue/catalogDatabase:CatalogDatabase", "fs").inputs.name,
                "customer_segmentation",
            );
        });

        it("creates a Parquet external table per feature view with mapped column types", () => {
            const table = rec.named("aws:glue/catalogTable:CatalogTable", "fs-customer_rfm_features");
            assert.strictEqual(table.inputs.tableType, "EXTERNAL_TABLE");
            assert.strictEqual(table.inputs.databaseName, "customer_segmentation");
            assert.deepStrictEqual(table.inputs.parameters, {
                classification: "parquet",
                EXTERNAL: "TRUE",
                "parquet.compression": "SNAPPY",
            });
            const sd = table.inputs.storageDescriptor as Record<string, any>;
            assert.strictEqual(sd.location, "s3://offline-bucket/customer_rfm_features/");
            assert.strictEqual(sd.inputFormat, "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
            assert.strictEqual(
                sd.serDeInfo.serializationLibrary,
                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
            );
            assert.deepStrictEqual(
                sd.columns.map((c: { name: string; type: string }) => `${c.name}:${c.type}`),
                [
                    "customerid:string",
                    "recency:int",
                    "frequency:bigint",
                    "monetaryvalue:double",
                    "score:float",
                    "segment:string",
                    "active:boolean",
                    "last_seen:timestamp",
                    "event_timestamp:timestamp",
                    "created_timestamp:timestamp",
                ],
            );
        });

        it(
            "leaves the account-wide Glue catalog encryption alone by default (one setting per account and " +
                "region)",
            () => {
                assert.strictEqual(
                    rec.ofType("aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings").length,
                    0,
                );
                const database = rec.named("aws:glue/catalogDatabase:CatalogDatabase", "fs");
                assert.deepStrictEqual(database.dependencies, []);
                // ...and says so, for the policy pack's glue-catalog-encryption rule.
                assert.deepStrictEqual(database.inputs.tags, {
                    environment: "dev",
                    "managed-by": "pulumi",
                    "mlops-platform:catalog-encryption": "account",
                });
            },
        );

        it("runs a private, encrypted, TLS-only Serverless namespace and workgroup", () => {
            const ns = rec.named("aws:redshiftserverless/namespace:Namespace", "fs").inputs;
            const role = rec.named("aws:iam/role:Role", "fs-redshift").outputs.arn;
            assert.deepStrictEqual(ns, {
                namespaceName: "fs",
                dbName: "feast",
                adminUsername: "feast_admin",
                manageAdminPassword: true,
                adminPasswordSecretKmsKeyId: KEY,
                kmsKeyId: KEY,
                iamRoles: [role],
                defaultIamRoleArn: role,
                logExports: ["userlog", "connectionlog", "useractivitylog"],
                tags: { environment: "dev", "managed-by": "pulumi" },
            });
            const wg = rec.named("aws:redshiftserverless/workgroup:Workgroup", "fs").inputs;
            // Dev's default: 4 RPU, AWS's smallest base ("4 base RPU capacity is aimed at warehouses with less than
            // 32 TB of data", https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html).
            assert.strictEqual(wg.baseCapacity, 4);
            assert.strictEqual(wg.publiclyAccessible, false);
            assert.strictEqual(wg.enhancedVpcRouting, true);
            assert.deepStrictEqual(wg.subnetIds, ["subnet-a", "subnet-b", "subnet-c"]);
            assert.deepStrictEqual(wg.securityGroupIds, [
                rec.named("aws:ec2/securityGroup:SecurityGroup", "fs-redshift").id,
            ]);
            // Every parameter the store needs is AWS's default: none is sent (terraform-provider-aws#49939).
            assert.strictEqual("configParameters" in wg, false);
        });

        it("gives Redshift a security group with no ingress (Data API only) and HTTPS egress", () => {
            const sg = rec.named("aws:ec2/securityGroup:SecurityGroup", "fs-redshift").inputs;
            assert.deepStrictEqual(sg.ingress, []);
            assert.deepStrictEqual(sg.egress, [
                {
                    description: "HTTPS to AWS APIs (S3, Glue, KMS)",
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: ["0.0.0.0/0"],
                },
            ]);
        });

        it("lets only Redshift of this account assume the Spectrum role", () => {
            const trust = statement(
                rec.named("aws:iam/role:Role", "fs-redshift"),
                "AssumeByServiceForThisAccount",
                "assumeRolePolicy",
            );
            assert.deepStrictEqual(trust.Principal, {
                Service: ["redshift.amazonaws.com", "redshift-serverless.amazonaws.com"],
            });
            assert.deepStrictEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
        });

        it("scopes the Spectrum role to the offline bucket, the catalog and the key", () => {
            const policy = rec.named("aws:iam/rolePolicy:RolePolicy", "fs-redshift");
            assert.deepStrictEqual(sids(policy), [
                "ListOfflineBucket",
                "ReadOfflineFeatures",
                "UnloadToStaging",
                "ReadFeatureCatalog",
                "DecryptWithStackKey",
            ]);
            assert.deepStrictEqual(statement(policy, "ListOfflineBucket").Resource, OFFLINE_ARN);
            assert.deepStrictEqual(statement(policy, "ReadOfflineFeatures").Resource, `${OFFLINE_ARN}/*`);
            assert.deepStrictEqual(statement(policy, "UnloadToStaging").Resource, `${OFFLINE_ARN}/staging/*`);
            assert.deepStrictEqual(statement(policy, "ReadFeatureCatalog").Resource, [
                "arn:aws:glue:us-east-1:123456789012:catalog",
                "arn:aws:glue:us-east-1:123456789012:database/customer_segmentation",
                "arn:aws:glue:us-east-1:123456789012:table/customer_segmentation/*",
            ]);
            assert.deepStrictEqual(statement(policy, "DecryptWithStackKey").Resource, KEY);
            assert.ok(!JSON.stringify(policy.inputs.policy).includes('"Resource":"*"'));
        });

        it("creates one DynamoDB table per feature view in Feast's shape", () => {
            const table = rec.named("aws:dynamodb/table:Table", "fs-customer_rfm_features");
            assert.deepStrictEqual(table.inputs, {
                name: "customer_segmentation.customer_rfm_features",
                billingMode: "PAY_PER_REQUEST",
                hashKey: "entity_id",
                attributes: [{ name: "entity_id", type: "S" }],
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: KEY },
                deletionProtectionEnabled: false,
                tags: { environment: "dev", "managed-by": "pulumi" },
            });
            assert.strictEqual(table.protect, false);
        });

        it("outputs a feature_store.yaml that parses back to Feast's AWS config", async () => {
            const yamlText = await valueOf(store.featureStoreYaml);
            const roleArn = rec.named("aws:iam/role:Role", "fs-redshift").outputs.arn;
            assert.deepStrictEqual(parse(yamlText), {
                project: "customer_segmentation",
                provider: "aws",
                registry: { registry_type: "file", path: "s3://registry-bucket/registry.db" },
                online_store: { type: "dynamodb", region: "us-east-1", table_name_template: "{project}.{table_name}" },
                offline_store: {
                    type: "redshift",
                    region: "us-east-1",
                    workgroup: "fs",
                    database: "feast",
                    s3_staging_location: "s3://offline-bucket/staging",
                    iam_role: roleArn,
                },
                entity_key_serialization_version: 3,
            });
        });

        it("outputs table names and the Redshift endpoint", async () => {
            assert.deepStrictEqual(await valueOf(store.onlineTableNames), {
                customer_rfm_features: "customer_segmentation.customer_rfm_features",
                customer_ltv: "customer_segmentation.customer_ltv",
            });
            assert.strictEqual(
                await valueOf(store.redshiftEndpoint),
                "fs.123456789012.us-east-1.redshift-serverless.amazonaws.com:5439",
            );
        });
    });

    describe("provisioned cluster and tables in prod", () => {
        let rec: ResourceRecorder;
        let store: FeatureStore;
        before(async () => {
            rec = startMockRun({ stack: "prod" });
            store = new FeatureStore(
                "fs",
                args({
                    environment: "prod",
                    subnetIds: ["subnet-a", "subnet-b"],
                    offlineStore: {
                        engine: "redshift-cluster",
                        databaseName: "features",
                        adminUsername: "feature_admin",
                    },
                    onlineStore: { billingMode: "PROVISIONED", readCapacity: 10, writeCapacity: 5 },
                }),
            );
            await settle();
        });

        it("runs an encrypted, private, multi-node cluster with managed password, snapshots and final snapshot", () => {
            const cluster = rec.named("aws:redshift/cluster:Cluster", "fs");
            const i = cluster.inputs;
            assert.deepStrictEqual(
                [i.clusterIdentifier, i.nodeType, i.clusterType, i.numberOfNodes, i.databaseName, i.masterUsername],
                ["fs", "ra3.large", "multi-node", 2, "features", "feature_admin"],
            );
            assert.deepStrictEqual(
                [
                    i.encrypted,
                    i.kmsKeyId,
                    i.publiclyAccessible,
                    i.enhancedVpcRouting,
                    i.manageMasterPassword,
                    i.masterPasswordSecretKmsKeyId,
                ],
                ["true", KEY, false, true, true, KEY],
            );
            assert.deepStrictEqual(
                [
                    i.automatedSnapshotRetentionPeriod,
                    i.allowVersionUpgrade,
                    i.skipFinalSnapshot,
                    i.finalSnapshotIdentifier,
                ],
                [35, true, false, "fs-final"],
            );
            assert.ok(!("masterPassword" in i), "no password in config or state");
            assert.deepStrictEqual([cluster.protect, cluster.retainOnDelete], [true, true]);
        });

        it("enforces TLS through the parameter group and exports audit logs", () => {
            assert.deepStrictEqual(rec.named("aws:redshift/parameterGroup:ParameterGroup", "fs").inputs.parameters, [
                { name: "require_ssl", value: "true" },
                { name: "enable_user_activity_logging", value: "true" },
            ]);
            assert.deepStrictEqual(rec.named("aws:redshift/logging:Logging", "fs").inputs, {
                clusterIdentifier: "fs",
                logDestinationType: "cloudwatch",
                logExports: ["connectionlog", "userlog", "useractivitylog"],
            });
            assert.deepStrictEqual(rec.named("aws:redshift/subnetGroup:SubnetGroup", "fs").inputs.subnetIds, [
                "subnet-a",
                "subnet-b",
            ]);
        });

        it("protects tables, turns on deletion protection and autoscales provisioned capacity", () => {
            const table = rec.named("aws:dynamodb/table:Table", "fs-customer_ltv");
            assert.deepStrictEqual(
                [table.inputs.billingMode, table.inputs.readCapacity, table.inputs.writeCapacity],
                ["PROVISIONED", 10, 5],
            );
            assert.strictEqual(table.inputs.deletionProtectionEnabled, true);
            assert.deepStrictEqual([table.protect, table.retainOnDelete], [true, true]);
            assert.deepStrictEqual(table.ignoreChanges, ["readCapacity", "writeCapacity"]);
            const targets = rec
                .ofType("aws:appautoscaling/target:Target")
                .filter((t) => t.name.startsWith("fs-customer_ltv"));
            assert.deepStrictEqual(
                targets.map((t) => [
                    t.inputs.resourceId,
                    t.inputs.scalableDimension,
                    t.inputs.minCapacity,
                    t.inputs.maxCapacity,
                ]),
                [
                    ["table/customer_segmentation.customer_ltv", "dynamodb:table:ReadCapacityUnits", 10, 100],
                    ["table/customer_segmentation.customer_ltv", "dynamodb:table:WriteCapacityUnits", 5, 50],
                ],
            );
            const policies = rec
                .ofType("aws:appautoscaling/policy:Policy")
                .filter((t) => t.name.startsWith("fs-customer_ltv"));
            assert.deepStrictEqual(
                policies.map(
                    (p) =>
                        (p.inputs.targetTrackingScalingPolicyConfiguration as any).predefinedMetricSpecification
                            .predefinedMetricType,
                ),
                ["DynamoDBReadCapacityUtilization", "DynamoDBWriteCapacityUtilization"],
            );
        });

        it("points feature_store.yaml at the cluster with the pipeline's own user, not the master user", async () => {
            const offline = parse(await valueOf(store.featureStoreYaml)).offline_store;
            assert.deepStrictEqual(
                [offline.cluster_id, offline.user, offline.database, offline.workgroup],
                ["fs", "feast_pipeline", "features", undefined],
            );
        });

        it("runs the cluster's SQL with the master secret, after the cluster and its role policy", async () => {
            store.grantPipelineUser("feast_pipeline");
            await settle();
            const stmt = (n: string) => rec.named("aws:redshiftdata/statement:Statement", `fs-sql-${n}`);
            const cluster = rec.named("aws:redshift/cluster:Cluster", "fs");
            for (const n of ["external-schema", "pipeline-user", "grant-external-schema", "grant-work-schema"]) {
                const i = stmt(n).inputs;
                assert.deepStrictEqual(
                    [i.clusterIdentifier, i.workgroupName, i.secretArn, i.database],
                    ["fs", undefined, cluster.outputs.masterPasswordSecretArn, "features"],
                    n,
                );
            }
            assert.deepStrictEqual(
                ["external-schema", "pipeline-user", "grant-external-schema", "grant-work-schema"].map(
                    (n) => stmt(n).inputs.sql,
                ),
                [
                    'CREATE EXTERNAL SCHEMA IF NOT EXISTS "feast_offline" ' +
                        "FROM DATA CATALOG DATABASE 'customer_segmentation' IAM_ROLE default",
                    'CREATE USER "feast_pipeline" PASSWORD DISABLE',
                    'GRANT USAGE ON SCHEMA "feast_offline" TO "feast_pipeline"',
                    'GRANT CREATE ON SCHEMA "public" TO "feast_pipeline"',
                ],
            );
            const schemaDeps = stmt("external-schema").dependencies;
            assert.ok(schemaDeps.includes(cluster.urn));
            assert.ok(schemaDeps.includes(rec.named("aws:iam/rolePolicy:RolePolicy", "fs-redshift").urn));
            assert.deepStrictEqual(
                [cluster.inputs.iamRoles, cluster.inputs.defaultIamRoleArn],
                [[cluster.inputs.defaultIamRoleArn], cluster.inputs.defaultIamRoleArn],
            );
        });
    });

    describe("encryptDataCatalog: true (the stack owns the account's catalog encryption)", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "prod" });
            new FeatureStore("fs", args({ environment: "prod", encryptDataCatalog: true }));
            await settle();
        });

        it("encrypts metadata and connection passwords with the stack key, retained on delete", () => {
            const settings = rec.ofType("aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings");
            assert.strictEqual(settings.length, 1);
            assert.deepStrictEqual(settings[0].inputs.dataCatalogEncryptionSettings, {
                encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY },
                connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY },
            });
            assert.strictEqual(settings[0].retainOnDelete, true);
            assert.strictEqual(settings[0].protect, false);
        });

        it("creates the database and every table after the encryption setting", () => {
            const settingsUrn = rec.ofType("aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings")[0]
                .urn;
            const catalog = [
                rec.named("aws:glue/catalogDatabase:CatalogDatabase", "fs"),
                ...rec.ofType("aws:glue/catalogTable:CatalogTable"),
            ];
            assert.strictEqual(catalog.length, 3);
            for (const r of catalog) assert.ok(r.dependencies.includes(settingsUrn), `${r.name}: ${r.dependencies}`);
            assert.deepStrictEqual(catalog[0].inputs.tags, { environment: "prod", "managed-by": "pulumi" });
        });
    });

    describe("bad arguments are rejected before anything is registered", () => {
        const cases: [string, Partial<FeatureStoreArgs>, string][] = [
            ["bad project name", { project: "Bad-Name" }, "project: must start with a lower-case letter"],
            [
                "duplicate feature view",
                { featureViews: [args().featureViews[0], args().featureViews[0]] },
                'featureViews[1].name: duplicate feature view "customer_rfm_features"',
            ],
            [
                "a shared entity with two join keys",
                {
                    featureViews: [
                        args().featureViews[0],
                        { name: "v", entity: "customer", joinKey: "customer_no", features: { f: "int32" } },
                    ],
                },
                'featureViews[1].entity: entity "customer" is declared by featureViews[0] with join key ' +
                    "customerid (string); Feast keeps one entity per name",
            ],
            [
                "bad feature type",
                { featureViews: [{ name: "v", entity: "e", joinKey: "k", features: { f: "integer" as never } }] },
                'featureViews[0].features.f: must be one of "int32"',
            ],
            ["encryptDataCatalog not a boolean", { encryptDataCatalog: "yes" as never }, "encryptDataCatalog: "],
        ];
        for (const [title, overrides, expected] of cases) {
            it(title, async () => {
                const rec = startMockRun({ stack: "dev" });
                const message = errorMessage(() => new FeatureStore("fs", args(overrides)));
                assert.ok(message.startsWith("invalid arguments of FeatureStore fs:\n  - "), message);
                assert.ok(message.includes(expected), message);
                await settle();
                assert.deepStrictEqual(rec.resources, []);
            });
        }
    });
});

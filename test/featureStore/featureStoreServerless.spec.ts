import * as assert from "assert";
import { parse } from "yaml";
import { FeatureStore } from "../../components/featureStore/featureStore";
import { ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { sids, statement } from "../support/helpers";
import { KEY, OFFLINE_ARN, args } from "../support/featureStoreFixtures";

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
});

import * as assert from "assert";
import { parse } from "yaml";
import { FeatureStore } from "../../components/featureStore/featureStore";
import { ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { KEY, args } from "../support/featureStoreFixtures";

describe("FeatureStore", () => {
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
});

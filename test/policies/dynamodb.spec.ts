import * as assert from "assert";
import {
    dynamodbDeletionProtection,
    dynamodbFeastShape,
    dynamodbKmsEncryption,
    dynamodbPointInTimeRecovery,
    dynamodbProvisionedAutoscaling,
} from "../../policies/rules/dynamodb";
import { StackResource, checkResource, checkStack, messages, urnOf, withChange } from "./harness";

const TABLE = "aws:dynamodb/table:Table";
const FEATURE_STORE_URN = urnOf(TABLE, "customer_rfm_features", [
    "mlops-platform:index:MlopsPlatform",
    "mlops-platform:index:FeatureStore",
]);

/** The online-store table FeatureStore creates. */
const table = {
    name: "customer_segmentation.customer_rfm_features",
    billingMode: "PAY_PER_REQUEST",
    hashKey: "entity_id",
    attributes: [{ name: "entity_id", type: "S" }],
    serverSideEncryption: { enabled: true, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1111" },
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: true,
};
const res = (props: Record<string, unknown>) => ({
    type: TABLE,
    name: "customer_rfm_features",
    props,
    urn: FEATURE_STORE_URN,
});
const PROD = { config: { environment: "prod" } };

describe("policies/dynamodb", () => {
    it("a FeatureStore table passes every resource rule in prod", async () => {
        for (const policy of [
            dynamodbKmsEncryption,
            dynamodbPointInTimeRecovery,
            dynamodbDeletionProtection,
            dynamodbFeastShape,
        ]) {
            assert.deepStrictEqual(await checkResource(policy, res(table), PROD), [], policy.name);
        }
    });

    it("dynamodb-kms-encryption reports the AWS-owned and the AWS-managed key", async () => {
        assert.deepStrictEqual(
            await checkResource(dynamodbKmsEncryption, res(withChange(table, "serverSideEncryption", undefined))),
            [
                'table "customer_rfm_features" uses the AWS-owned key; set serverSideEncryption.enabled to ' +
                    "true with kmsKeyArn.",
            ],
        );
        assert.deepStrictEqual(
            await checkResource(
                dynamodbKmsEncryption,
                res(withChange(table, "serverSideEncryption.kmsKeyArn", undefined)),
            ),
            [
                'table "customer_rfm_features" uses the AWS-managed aws/dynamodb key; set ' +
                    "serverSideEncryption.kmsKeyArn to the stack's key.",
            ],
        );
    });

    it("dynamodb-point-in-time-recovery reports PITR off", async () => {
        assert.deepStrictEqual(
            await checkResource(
                dynamodbPointInTimeRecovery,
                res(withChange(table, "pointInTimeRecovery.enabled", false)),
            ),
            ['table "customer_rfm_features" has point-in-time recovery off; set pointInTimeRecovery.enabled to true.'],
        );
    });

    it("dynamodb-deletion-protection-in-prod reports prod only", async () => {
        const unprotected = res(withChange(table, "deletionProtectionEnabled", false));
        assert.deepStrictEqual(await checkResource(dynamodbDeletionProtection, unprotected, PROD), [
            'table "customer_rfm_features" has no deletion protection in prod; set deletionProtectionEnabled to true.',
        ]);
        assert.deepStrictEqual(
            await checkResource(dynamodbDeletionProtection, unprotected, { config: { environment: "dev" } }),
            [],
        );
    });

    describe("dynamodb-feast-table-shape", () => {
        const project = {
            stackConfig: { "mlops-platform:featureStore": JSON.stringify({ project: "customer_segmentation" }) },
        };
        it("passes with the configured project", async () => {
            assert.deepStrictEqual(await checkResource(dynamodbFeastShape, res(table), project), []);
        });
        it("reports a name without the project prefix", async () => {
            assert.deepStrictEqual(
                await checkResource(dynamodbFeastShape, res(withChange(table, "name", "customer_rfm_features"))),
                [
                    'Feast table "customer_rfm_features" is named "customer_rfm_features"; Feast expects ' +
                        '"{project}.{featureView}".',
                ],
            );
        });
        it("reports a different project", async () => {
            assert.deepStrictEqual(
                await checkResource(
                    dynamodbFeastShape,
                    res(withChange(table, "name", "other.customer_rfm_features")),
                    project,
                ),
                [
                    'Feast table "customer_rfm_features" is named "other.customer_rfm_features" but the ' +
                        'Feast project is "customer_segmentation"; name it ' +
                        '"customer_segmentation.customer_rfm_features".',
                ],
            );
        });
        it("reports the wrong hash key, key type and a range key", async () => {
            assert.deepStrictEqual(
                await checkResource(dynamodbFeastShape, res(withChange(table, "hashKey", "customerid"))),
                ['Feast table "customer_rfm_features" has hash key "customerid"; Feast expects "entity_id".'],
            );
            assert.deepStrictEqual(
                await checkResource(
                    dynamodbFeastShape,
                    res(withChange(table, "attributes", [{ name: "entity_id", type: "N" }])),
                ),
                ['Feast table "customer_rfm_features" declares entity_id as type "N"; Feast expects "S".'],
            );
            assert.deepStrictEqual(await checkResource(dynamodbFeastShape, res(withChange(table, "rangeKey", "ts"))), [
                'Feast table "customer_rfm_features" has range key "ts"; Feast tables have a hash key only.',
            ]);
        });
        it("ignores tables outside FeatureStore", async () => {
            assert.deepStrictEqual(
                await checkResource(dynamodbFeastShape, {
                    type: TABLE,
                    name: "locks",
                    props: { name: "locks", hashKey: "LockID" },
                }),
                [],
            );
        });
    });

    describe("dynamodb-provisioned-autoscaling", () => {
        const provisioned = { ...table, billingMode: "PROVISIONED", readCapacity: 5, writeCapacity: 5 };
        const scaled = (dims: string[]): StackResource[] => [
            { type: TABLE, name: "t", props: provisioned },
            ...dims.flatMap((dim): StackResource[] => [
                {
                    type: "aws:appautoscaling/target:Target",
                    name: `t-${dim}`,
                    deps: { resourceId: ["t"] },
                    props: {
                        serviceNamespace: "dynamodb",
                        resourceId: `table/${provisioned.name}`,
                        scalableDimension: `dynamodb:table:${dim}`,
                        minCapacity: 5,
                        maxCapacity: 50,
                    },
                },
                {
                    type: "aws:appautoscaling/policy:Policy",
                    name: `t-${dim}-policy`,
                    deps: { resourceId: [`t-${dim}`], scalableDimension: [`t-${dim}`] },
                    props: {
                        policyType: "TargetTrackingScaling",
                        resourceId: `table/${provisioned.name}`,
                        scalableDimension: `dynamodb:table:${dim}`,
                    },
                },
            ]),
        ];
        it("passes on-demand tables and provisioned tables with autoscaling for reads and writes", async () => {
            assert.deepStrictEqual(
                await checkStack(dynamodbProvisionedAutoscaling, [{ type: TABLE, name: "t", props: table }]),
                [],
            );
            assert.deepStrictEqual(
                await checkStack(dynamodbProvisionedAutoscaling, scaled(["ReadCapacityUnits", "WriteCapacityUnits"])),
                [],
            );
        });
        it("reports a provisioned table without write autoscaling", async () => {
            assert.deepStrictEqual(await checkStack(dynamodbProvisionedAutoscaling, scaled(["ReadCapacityUnits"])), [
                {
                    message:
                        'table "t" is PROVISIONED without autoscaling for WriteCapacityUnits; add an ' +
                        'appautoscaling Target and Policy for each, or use billingMode "PAY_PER_REQUEST".',
                    urn: urnOf(TABLE, "t"),
                },
            ]);
        });
        it("reports a target without a scaling policy, and a default (PROVISIONED) billing mode", async () => {
            const noPolicy = scaled(["ReadCapacityUnits", "WriteCapacityUnits"]).filter(
                (r) => r.name !== "t-ReadCapacityUnits-policy",
            );
            assert.deepStrictEqual(messages(await checkStack(dynamodbProvisionedAutoscaling, noPolicy)), [
                'table "t" is PROVISIONED without autoscaling for ReadCapacityUnits; add an appautoscaling ' +
                    'Target and Policy for each, or use billingMode "PAY_PER_REQUEST".',
            ]);
            const defaultMode = [{ type: TABLE, name: "t", props: withChange(table, "billingMode", undefined) }];
            assert.strictEqual((await checkStack(dynamodbProvisionedAutoscaling, defaultMode)).length, 1);
        });
    });
});

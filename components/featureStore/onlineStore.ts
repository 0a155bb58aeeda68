/** The Feast online store: one DynamoDB table per feature view, in the exact shape Feast expects. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FEAST_ENTITY_KEY_ATTRIBUTE, onlineTableName, ResolvedOnlineStore } from "./featureStoreSettings";
import { FeatureViewArgs } from "./featureViewSettings";

/** What `createOnlineTables` needs from its `FeatureStore`. */
export interface OnlineTablesArgs {
    /** Feast project: the table-name prefix (`{project}.{featureView}`, feast `infra/online_stores/dynamodb.py`). */
    readonly project: string;
    /** One table per feature view. */
    readonly featureViews: readonly FeatureViewArgs[];
    /** Customer-managed key of the tables' SSE. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Billing, capacity and deletion protection with the defaults applied. */
    readonly settings: ResolvedOnlineStore;
    /** Tags of every table and scaling target. */
    readonly tags: Record<string, string>;
    /** Options of the tables (parent plus protection in prod). */
    readonly stateful: pulumi.CustomResourceOptions;
}

/** Creates the online tables (and, for PROVISIONED, their read/write autoscaling) under `parent`. */
export function createOnlineTables(
    parent: pulumi.Resource,
    name: string,
    args: OnlineTablesArgs,
): aws.dynamodb.Table[] {
    const { settings, tags, stateful } = args;
    const provisioned = settings.billingMode === "PROVISIONED";
    return args.featureViews.map((view) => {
        const tableName = onlineTableName(args.project, view.name);
        const table = new aws.dynamodb.Table(
            `${name}-${view.name}`,
            {
                name: tableName,
                billingMode: settings.billingMode,
                hashKey: FEAST_ENTITY_KEY_ATTRIBUTE,
                attributes: [{ name: FEAST_ENTITY_KEY_ATTRIBUTE, type: "S" }],
                ...(provisioned ? { readCapacity: settings.readCapacity, writeCapacity: settings.writeCapacity } : {}),
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
                deletionProtectionEnabled: settings.deletionProtection,
                tags,
            },
            // Autoscaling owns capacity once the table exists.
            { ...stateful, ...(provisioned ? { ignoreChanges: ["readCapacity", "writeCapacity"] } : {}) },
        );
        if (provisioned) {
            for (const [dimension, min, max] of [
                ["Read", settings.readCapacity, settings.maxReadCapacity],
                ["Write", settings.writeCapacity, settings.maxWriteCapacity],
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
                    { parent, dependsOn: [table] },
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
                            predefinedMetricSpecification: {
                                predefinedMetricType: `DynamoDB${dimension}CapacityUtilization`,
                            },
                        },
                    },
                    { parent },
                );
            }
        }
        return table;
    });
}

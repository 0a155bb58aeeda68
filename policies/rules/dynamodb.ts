/**
 * DynamoDB rules: the Feast online store tables.
 */
import { aws } from "../lib/awsResources";
import { PolicyResource, validateResourceOfType } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { ENVIRONMENT_CONFIG, environmentOf, stackConfigValue } from "../lib/environment";
import { isObject, known, objects, present, str } from "../lib/resources";

const TABLE = "aws:dynamodb/table:Table";
const TARGET = "aws:appautoscaling/target:Target";
const SCALING_POLICY = "aws:appautoscaling/policy:Policy";

/** SSE with a customer-managed KMS key. */
export const dynamodbKmsEncryption: MlopsPolicy = {
    name: "dynamodb-kms-encryption",
    description: "DynamoDB tables are encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    remediationSteps: "Set serverSideEncryption { enabled: true, kmsKeyArn: <stack key ARN> } on the table.",
    ...framework({
        service: "DynamoDB",
        rule: "SSE with customer-managed KMS key",
        sources: ["CKV_AWS_119", "AVD-AWS-0025"],
    }),
    validateResource: validateResourceOfType(aws.dynamodb.Table, (table, args, report) => {
        const sse = table.serverSideEncryption;
        if (sse?.enabled !== true)
            report(
                `table "${args.name}" uses the AWS-owned key; set serverSideEncryption.enabled to true with kmsKeyArn.`,
            );
        else if (!present(() => sse.kmsKeyArn))
            report(
                `table "${args.name}" uses the AWS-managed aws/dynamodb key; set ` +
                    `serverSideEncryption.kmsKeyArn to the stack's key.`,
            );
    }),
};

/** Point-in-time recovery enabled. */
export const dynamodbPointInTimeRecovery: MlopsPolicy = {
    name: "dynamodb-point-in-time-recovery",
    description: "DynamoDB tables have point-in-time recovery enabled.",
    enforcementLevel: "mandatory",
    remediationSteps: "Set pointInTimeRecovery { enabled: true } on the table.",
    ...framework({
        service: "DynamoDB",
        rule: "point-in-time recovery enabled",
        sources: ["CKV_AWS_28", "DynamoDB.2"],
    }),
    validateResource: validateResourceOfType(aws.dynamodb.Table, (table, args, report) => {
        if (table.pointInTimeRecovery?.enabled !== true)
            report(`table "${args.name}" has point-in-time recovery off; set pointInTimeRecovery.enabled to true.`);
    }),
};

/** Deletion protection in prod. */
export const dynamodbDeletionProtection: MlopsPolicy = {
    name: "dynamodb-deletion-protection-in-prod",
    description: "DynamoDB tables in prod have deletion protection enabled.",
    enforcementLevel: "mandatory",
    remediationSteps: "Set deletionProtectionEnabled: true on prod tables (the prod environment profile does this).",
    configSchema: ENVIRONMENT_CONFIG,
    ...framework({ service: "DynamoDB", rule: "deletion protection enabled in prod", sources: ["DynamoDB.6"] }),
    validateResource: validateResourceOfType(aws.dynamodb.Table, (table, args, report) => {
        if (table.deletionProtectionEnabled !== true && environmentOf(args) === "prod") {
            report(`table "${args.name}" has no deletion protection in prod; set deletionProtectionEnabled to true.`);
        }
    }),
};

const DIMENSIONS = ["ReadCapacityUnits", "WriteCapacityUnits"] as const;

function targetsTable(target: PolicyResource, table: PolicyResource, tableName: string | undefined): boolean {
    const deps = target.propertyDependencies.resourceId;
    if (deps !== undefined && deps.length > 0) return deps.some((d) => d.urn === table.urn);
    return tableName !== undefined && known(() => target.props.resourceId) === `table/${tableName}`;
}

function policyFor(policy: PolicyResource, target: PolicyResource): boolean {
    const deps = Object.values(policy.propertyDependencies).flat();
    if (deps.some((d) => d.urn === target.urn)) return true;
    return (
        known(() => policy.props.resourceId) === known(() => target.props.resourceId) &&
        known(() => policy.props.scalableDimension) === known(() => target.props.scalableDimension)
    );
}

/** PROVISIONED tables need autoscaling (target and policy) for reads and writes. */
export const dynamodbProvisionedAutoscaling: MlopsPolicy = {
    name: "dynamodb-provisioned-autoscaling",
    description:
        "DynamoDB tables in PROVISIONED billing mode have an autoscaling target and policy for reads and writes.",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Use billingMode "PAY_PER_REQUEST", or add aws.appautoscaling.Target + Policy ' +
        "(TargetTrackingScaling) for dynamodb:table:ReadCapacityUnits and WriteCapacityUnits.",
    ...framework({
        service: "DynamoDB",
        rule: "PROVISIONED billing has autoscaling target + policy",
        sources: ["CKV2_AWS_16", "DynamoDB.1"],
    }),
    validateStack: (args, report) => {
        const targets = args.resources.filter(
            (r) => r.type === TARGET && known(() => r.props.serviceNamespace) === "dynamodb",
        );
        const policies = args.resources.filter((r) => r.type === SCALING_POLICY);
        for (const table of args.resources.filter((r) => r.type === TABLE)) {
            const mode = known(() => table.props.billingMode) ?? "PROVISIONED"; // AWS's default
            if (mode !== "PROVISIONED") continue;
            const name = str(known(() => table.props.name));
            const mine = targets.filter((t) => targetsTable(t, table, name));
            const missing = DIMENSIONS.filter((dim) => {
                const target = mine.find((t) => known(() => t.props.scalableDimension) === `dynamodb:table:${dim}`);
                return target === undefined || !policies.some((p) => policyFor(p, target));
            });
            if (missing.length > 0) {
                report(
                    `table "${table.name}" is PROVISIONED without autoscaling for ` +
                        `${missing.join(" and ")}; add an appautoscaling Target and Policy for each, or use ` +
                        `billingMode "PAY_PER_REQUEST".`,
                    table.urn,
                );
            }
        }
    },
};

/** The FeatureStore component's type token: only its tables are Feast online-store tables. */
const FEATURE_STORE = "mlops-platform:index:FeatureStore";

/** The Feast project from stack config, when the stack config is available. */
function feastProject(): string | undefined {
    const fs = stackConfigValue("featureStore");
    return isObject(fs) ? str(fs.project) : undefined;
}

/** Feast's DynamoDB online store shape: table `{project}.{featureView}`, hash key `entity_id` (S), no range key. */
export const dynamodbFeastShape: MlopsPolicy = {
    name: "dynamodb-feast-table-shape",
    description:
        "Feast online-store tables are named {project}.{featureView} with hash key entity_id of type S and " +
        "no range key, as Feast reads them.",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Let FeatureStore create the table: name `${project}.${featureView}`, hashKey "entity_id", ' +
        'attributes [{ name: "entity_id", type: "S" }], no rangeKey.',
    ...framework({
        service: "DynamoDB",
        rule: "Feast shape: name {project}.{featureView}, hash key entity_id (S)",
        sources: ["ML"],
    }),
    validateResource: validateResourceOfType(aws.dynamodb.Table, (table, args, report) => {
        // Only FeatureStore children are Feast tables; the URN carries the parent type chain.
        if (!args.urn.includes(`${FEATURE_STORE}$`)) return;
        const project = feastProject();
        const name = table.name;
        const m = typeof name === "string" ? /^([^.]+)\.([^.]+)$/.exec(name) : null;
        if (m === null)
            report(
                `Feast table "${args.name}" is named ${JSON.stringify(name)}; Feast expects "{project}.{featureView}".`,
            );
        else if (project !== undefined && m[1] !== project)
            report(
                `Feast table "${args.name}" is named "${name}" but the Feast project is "${project}"; name ` +
                    `it "${project}.${m[2]}".`,
            );
        if (table.hashKey !== "entity_id")
            report(
                `Feast table "${args.name}" has hash key ${JSON.stringify(table.hashKey)}; Feast expects "entity_id".`,
            );
        const attr = objects(table.attributes).find((a) => a.name === "entity_id");
        if (attr !== undefined && attr.type !== "S")
            report(
                `Feast table "${args.name}" declares entity_id as type ${JSON.stringify(attr.type)}; Feast ` +
                    `expects "S".`,
            );
        if (table.rangeKey !== undefined)
            report(`Feast table "${args.name}" has range key "${table.rangeKey}"; Feast tables have a hash key only.`);
    }),
};

/** All DynamoDB policies. */
export const dynamodbPolicies: MlopsPolicy[] = [
    dynamodbKmsEncryption,
    dynamodbPointInTimeRecovery,
    dynamodbDeletionProtection,
    dynamodbProvisionedAutoscaling,
    dynamodbFeastShape,
];

/**
 * The settings the plan summary shows per resource type: what decides security, durability,
 * size and cost at a glance. Everything else is in `--verbose` and `--json`.
 * test/plan/planSummary.spec.ts proves every entry reads a value from the dev or prod plan, so a
 * renamed input cannot leave a setting silently blank.
 */
import { CATALOG_ENCRYPTION_TAG } from "../../../components/featureStore/featureStoreSettings";

/** One setting: its label and how to read it from a resource's inputs (one value or several). */
export interface SummarySetting {
    readonly label: string;
    readonly read: (inputs: Record<string, unknown>) => unknown;
}

/**
 * Reads a dotted path from plain data; `[]` after a key flattens an array, e.g.
 * `productionVariants[].instanceType`. Returns every value found (none when the path is absent).
 */
export function valuesAt(data: unknown, path: string): unknown[] {
    let current: unknown[] = [data];
    for (const segment of path.split(".")) {
        const spread = segment.endsWith("[]");
        const key = spread ? segment.slice(0, -2) : segment;
        const next: unknown[] = [];
        for (const value of current) {
            if (value === null || typeof value !== "object") continue;
            const child = (value as Record<string, unknown>)[key];
            if (child === undefined) continue;
            if (spread && Array.isArray(child)) next.push(...child);
            else if (!spread) next.push(child);
        }
        current = next;
    }
    return current;
}

const at = (label: string, path: string): SummarySetting => ({ label, read: (inputs) => valuesAt(inputs, path) });

/** Settings by resource type token. */
export const SUMMARY_SETTINGS: Readonly<Record<string, readonly SummarySetting[]>> = {
    "aws:kms/key:Key": [at("key rotation", "enableKeyRotation"), at("deletion window days", "deletionWindowInDays")],
    "aws:s3/bucket:Bucket": [at("force destroy", "forceDestroy")],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": [
        {
            label: "public access blocked",
            read: (i) =>
                i.blockPublicAcls === true &&
                i.blockPublicPolicy === true &&
                i.ignorePublicAcls === true &&
                i.restrictPublicBuckets === true,
        },
    ],
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": [at("object ownership", "rule.objectOwnership")],
    "aws:s3/bucketVersioning:BucketVersioning": [at("versioning", "versioningConfiguration.status")],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": [
        at("encryption", "rules[].applyServerSideEncryptionByDefault.sseAlgorithm"),
        at("bucket key", "rules[].bucketKeyEnabled"),
    ],
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": [
        at("noncurrent versions kept days", "rules[].noncurrentVersionExpiration.noncurrentDays"),
        at("objects expire after days", "rules[].expiration.days"),
    ],
    "awsx:ec2:Vpc": [
        // By name when placed by AZ ID (network.availabilityZoneIds), else awsx's count of first names.
        { label: "availability zones", read: (i) => i.availabilityZoneNames ?? i.numberOfAvailabilityZones },
        at("NAT gateways", "natGateways.strategy"),
    ],
    "aws:ec2/flowLog:FlowLog": [at("flow log traffic", "trafficType")],
    "aws:ec2/securityGroup:SecurityGroup": [{ label: "ingress rules", read: (i) => valuesAt(i, "ingress[]").length }],
    "aws:cloudwatch/logGroup:LogGroup": [
        at("log retention days", "retentionInDays"),
        { label: "logs KMS-encrypted", read: (i) => i.kmsKeyId !== undefined },
    ],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [
        at("alarm namespaces", "namespace"),
        { label: "alarms with actions", read: (i) => valuesAt(i, "alarmActions[]").length > 0 },
    ],
    // Data Catalog encryption is opt-in (featureStore.encryptDataCatalog): without it the database says the account
    // owns that one-per-account setting; with it, this stack's DataCatalogEncryptionSettings is in the counts.
    "aws:glue/catalogDatabase:CatalogDatabase": [
        {
            label: "catalog encryption by",
            read: (i) => (i.tags as Record<string, string> | undefined)?.[CATALOG_ENCRYPTION_TAG] ?? "stack",
        },
    ],
    "aws:glue/catalogTable:CatalogTable": [at("feature view tables", "name")],
    "aws:dynamodb/table:Table": [
        at("billing", "billingMode"),
        at("point-in-time recovery", "pointInTimeRecovery.enabled"),
        at("deletion protection", "deletionProtectionEnabled"),
        at("KMS encryption", "serverSideEncryption.enabled"),
    ],
    "aws:redshiftserverless/namespace:Namespace": [
        at("managed admin password", "manageAdminPassword"),
        at("log exports", "logExports[]"),
    ],
    "aws:redshiftserverless/workgroup:Workgroup": [
        at("base RPU", "baseCapacity"),
        at("max RPU", "maxCapacity"),
        at("publicly accessible", "publiclyAccessible"),
        at("enhanced VPC routing", "enhancedVpcRouting"),
    ],
    "aws:mwaa/environment:Environment": [
        at("Airflow", "airflowVersion"),
        at("class", "environmentClass"),
        at("workers min", "minWorkers"),
        at("workers max", "maxWorkers"),
        at("schedulers", "schedulers"),
        at("webserver access", "webserverAccessMode"),
    ],
    "aws:ecr/repository:Repository": [
        at("tags", "imageTagMutability"),
        at("scan on push", "imageScanningConfiguration.scanOnPush"),
        at("encryption", "encryptionConfigurations[].encryptionType"),
    ],
    "aws:sagemaker/model:Model": [
        at("network isolation", "enableNetworkIsolation"),
        { label: "in VPC", read: (i) => i.vpcConfig !== undefined },
    ],
    "aws:sagemaker/endpointConfiguration:EndpointConfiguration": [
        at("variants", "productionVariants[].variantName"),
        at("instance type", "productionVariants[].instanceType"),
        at("instances", "productionVariants[].initialInstanceCount"),
        at("serverless memory MB", "productionVariants[].serverlessConfig.memorySizeInMb"),
        at("data capture %", "dataCaptureConfig.initialSamplingPercentage"),
    ],
    "aws:sagemaker/endpoint:Endpoint": [
        at("deployment", "deploymentConfig.blueGreenUpdatePolicy.trafficRoutingConfiguration.type"),
        {
            label: "rollback alarms",
            read: (i) => valuesAt(i, "deploymentConfig.autoRollbackConfiguration.alarms[]").length,
        },
    ],
    "aws:appautoscaling/target:Target": [at("instances min", "minCapacity"), at("instances max", "maxCapacity")],
    "aws:sagemaker/monitoringSchedule:MonitoringSchedule": [
        at("monitoring schedule", "monitoringScheduleConfig.scheduleConfig.scheduleExpression"),
    ],
};

/**
 * The AWS Price List query behind each priced dimension of tools/plan/cost/prices.json.
 *
 * Every query is `GetProducts(ServiceCode, [regionCode TERM_MATCH, usagetype CONTAINS base])`; CONTAINS is one
 * of the filter types GetProducts accepts (TERM_MATCH, EQUALS, CONTAINS, ANY_OF, NONE_OF — `Filter.Type` in
 * @aws-sdk/client-pricing dist-types/models/models_0.d.ts). A usage type is the base with a region prefix
 * (`USW2-NatGateway-Hours`, `EU-NatGateway-Hours`, `APS1-Redshift:ServerlessUsage`) or, for some us-east-1
 * meters, none (`NatGateway-Hours`, `Node:ra3.xlplus`): seen in the Price List offers that docs/cost.md cites.
 * The CONTAINS match is narrowed afterwards by {@link isMeterOf}, so `RegionalNatGateway-Hours` and
 * `…ServerlessUsage-CR-1YR-AU` (reservations) never count as the meter.
 */

/** One dimension's Price List query. */
export interface PriceQuery {
    /** Price List service code (`DescribeServices`), e.g. `AmazonEC2`. */
    readonly serviceCode: string;
    /** The usage type without its region prefix. */
    readonly usageTypeBase: string;
    /** Unit of the table entry. */
    readonly unit: string;
    /** Table units per Price List unit (1 unless the table counts in bundles). */
    readonly scale?: number;
}

const MWAA_SIZES: Record<string, string> = {
    "mw1.micro": "Micro",
    "mw1.small": "Small",
    "mw1.medium": "Medium",
    "mw1.large": "Large",
};

/** MWAA meters: `Airflow-<Size>Environment`, `-<Size>Worker`, `-<Size>Scheduler` (AmazonMWAA offer). */
function mwaaQuery(key: string): PriceQuery | undefined {
    const match = /^mwaa\.(environment|worker|scheduler)\.(mw1\.[a-z0-9]+)$/.exec(key);
    const size = match ? MWAA_SIZES[match[2]] : undefined;
    if (!match || !size) return undefined;
    const part = { environment: "Environment", worker: "Worker", scheduler: "Scheduler" }[match[1]]!;
    return { serviceCode: "AmazonMWAA", usageTypeBase: `Airflow-${size}${part}`, unit: "hour" };
}

const FIXED: Record<string, PriceQuery> = {
    "ec2.natGateway.hour": { serviceCode: "AmazonEC2", usageTypeBase: "NatGateway-Hours", unit: "hour" },
    "ec2.natGateway.gb": { serviceCode: "AmazonEC2", usageTypeBase: "NatGateway-Bytes", unit: "GB" },
    "redshift.serverless.rpuHour": {
        serviceCode: "AmazonRedshift",
        usageTypeBase: "Redshift:ServerlessUsage",
        unit: "RPU-hour",
    },
    "kms.key.month": { serviceCode: "awskms", usageTypeBase: "KMS-Keys", unit: "key-month" },
    "secretsmanager.secret.month": {
        serviceCode: "AWSSecretsManager",
        usageTypeBase: "AWSSecretsManager-Secrets",
        unit: "secret-month",
    },
    "cloudwatch.alarm.month": {
        serviceCode: "AmazonCloudWatch",
        usageTypeBase: "CW:AlarmMonitorUsage",
        unit: "alarm-metric-month",
    },
    "logs.ingestion.gb": { serviceCode: "AmazonCloudWatch", usageTypeBase: "DataProcessing-Bytes", unit: "GB" },
    "vpc.interfaceEndpoint.azHour": {
        serviceCode: "AmazonVPC",
        usageTypeBase: "VpcEndpoint-Hours",
        unit: "endpoint-AZ-hour",
    },
    "s3.standard.gbMonth": { serviceCode: "AmazonS3", usageTypeBase: "TimedStorage-ByteHrs", unit: "GB-month" },
};

/**
 * The query of a dimension key, or undefined when no Price List meter for it has been sourced
 * (KMS and DynamoDB request bundles, SageMaker serverless GB-seconds, MWAA xlarge/2xlarge and web servers).
 */
export function priceQueryOf(key: string): PriceQuery | undefined {
    if (key.startsWith("mwaa.")) return mwaaQuery(key);
    const node = /^redshift\.node\.([a-z0-9.]+)$/.exec(key);
    if (node) return { serviceCode: "AmazonRedshift", usageTypeBase: `Node:${node[1]}`, unit: "node-hour" };
    const host = /^sagemaker\.hosting\.(ml\.[a-z0-9.]+)$/.exec(key);
    if (host) return { serviceCode: "AmazonSageMaker", usageTypeBase: `Host:${host[1]}`, unit: "hour" };
    return FIXED[key];
}

/** Whether a usage type is exactly the meter: the base alone or `<REGIONPREFIX>-<base>`. */
export function isMeterOf(usageType: string, base: string): boolean {
    if (usageType === base) return true;
    const prefix = usageType.slice(0, usageType.length - base.length - 1);
    return usageType.endsWith(`-${base}`) && /^[A-Z]{2,4}[0-9]?$/.test(prefix);
}

/** The GetProducts filters of a query in a region. */
export function filtersOf(query: PriceQuery, region: string) {
    return [
        { Type: "TERM_MATCH" as const, Field: "regionCode", Value: region },
        { Type: "CONTAINS" as const, Field: "usagetype", Value: query.usageTypeBase },
    ];
}

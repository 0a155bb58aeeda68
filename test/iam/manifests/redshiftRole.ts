/** The Redshift role: Redshift Serverless reading the offline store (Spectrum) and running Feast's UNLOAD. */
import { CallManifest } from "./types";
import { AWS, FEAST } from "./sources";

const OFFLINE = "arn:aws:s3:::{bucket:offline-store}";
const GLUE = "arn:aws:glue:{region}:{account}";
const TABLE = `${GLUE}:table/{glue-database}/customer_rfm_features`;
const SPECTRUM = `${AWS.redshiftSpectrum} (external schema on the Glue database)`;
const via = (service: string) => ({ "kms:ViaService": `${service}.{region}.amazonaws.com` });

export const REDSHIFT_ROLE: CallManifest = {
    principal: "Redshift role",
    selector: "role:features-redshift",
    purpose: "the workgroup's default IAM role: Spectrum reads the Parquet features, UNLOAD writes staging/",
    calls: [
        { action: "glue:GetDatabase", resource: `${GLUE}:database/{glue-database}`, source: SPECTRUM },
        { action: "glue:GetDatabases", resource: `${GLUE}:catalog`, source: SPECTRUM },
        { action: "glue:GetTable", resource: TABLE, source: SPECTRUM },
        { action: "glue:GetTables", resource: `${GLUE}:database/{glue-database}`, source: SPECTRUM },
        { action: "glue:GetPartition", resource: TABLE, source: SPECTRUM },
        { action: "glue:GetPartitions", resource: TABLE, source: SPECTRUM },
        { action: "glue:BatchGetPartition", resource: TABLE, source: SPECTRUM },
        { action: "kms:Decrypt", resource: "{key}", context: via("glue"), source: `${SPECTRUM}; encrypted catalog` },
        { action: "s3:ListBucket", resource: OFFLINE, source: SPECTRUM },
        { action: "s3:GetBucketLocation", resource: OFFLINE, source: SPECTRUM },
        { action: "s3:GetObject", resource: `${OFFLINE}/customer_rfm_features/part-0.parquet`, source: SPECTRUM },
        { action: "kms:Decrypt", resource: "{key}", context: via("s3"), source: AWS.s3Kms },
        {
            action: "s3:PutObject",
            resource: `${OFFLINE}/staging/unload_0000_part_00.parquet`,
            source: `${FEAST.unloadIamRole}; ${AWS.redshiftUnload}`,
        },
        {
            action: "kms:GenerateDataKey",
            resource: "{key}",
            context: via("s3"),
            source: `${AWS.redshiftUnload}; ${AWS.s3Kms}`,
        },
    ],
    denied: [
        {
            action: "s3:PutObject",
            resource: `${OFFLINE}/customer_rfm_features/part-0.parquet`,
            why: "UNLOAD writes staging/ only",
        },
        { action: "s3:DeleteObject", resource: `${OFFLINE}/customer_rfm_features/part-0.parquet`, why: "destructive" },
        {
            action: "s3:DeleteObject",
            resource: `${OFFLINE}/staging/unload_0000_part_00.parquet`,
            why: "Feast's UNLOAD has no ALLOWOVERWRITE/CLEANPATH: it never deletes, the processing role cleans up",
        },
        {
            action: "s3:GetObject",
            resource: "arn:aws:s3:::{bucket:raw}/online-retail.csv",
            why: "not an offline-store table",
        },
        { action: "glue:DeleteTable", resource: TABLE, why: "destructive" },
        { action: "glue:GetTable", resource: `${GLUE}:table/hr/salaries`, why: "another database" },
        { action: "kms:Decrypt", resource: "{key}", context: via("ec2"), why: "direct key use" },
        { action: "iam:PassRole", resource: "{role:airflow-processing}", why: "escalation" },
    ],
};

/** The MWAA execution role: what MWAA's own components and the DAGs' operators call with it. */
import { CallManifest } from "./types";
import { AIRFLOW_OPERATOR, AWS, REPO } from "./sources";

const DAGS = "arn:aws:s3:::{bucket:airflow-dags}";
const LOGS = "arn:aws:logs:{region}:{account}:log-group:airflow-{mwaa}";
/** `<jobPrefix>-<dag tag>-<step>-<ts_nodash>` (airflow/dags/mlops_settings.py processing_job; jobPrefix = {mwaa}). */
const JOB = "arn:aws:sagemaker:{region}:{account}:processing-job/{mwaa}-batch-feature-engineering-20261121t000000";
const CELERY = "arn:aws:sqs:{region}:999988887777:airflow-celery-0a1b2c3d";
const viaS3 = { "kms:ViaService": "s3.{region}.amazonaws.com" };
const viaSqs = { "kms:ViaService": "sqs.{region}.amazonaws.com" };

export const MWAA_EXECUTION_ROLE: CallManifest = {
    principal: "MWAA execution role",
    selector: "role:airflow-execution",
    purpose: "MWAA's scheduler, workers and web server; the DAGs start, watch and stop Processing jobs with it",
    calls: [
        { action: "airflow:PublishMetrics", resource: "{mwaa-arn}", source: AWS.mwaaRole },
        { action: "s3:ListBucket", resource: DAGS, source: `${AWS.mwaaRole} (DAG folder sync)` },
        { action: "s3:GetObject", resource: `${DAGS}/dags/customer_segmentation_batch_model.py`, source: AWS.mwaaRole },
        { action: "s3:GetObjectVersion", resource: `${DAGS}/requirements.txt`, source: AWS.mwaaRole },
        { action: "s3:GetBucketLocation", resource: DAGS, source: AWS.mwaaRole },
        { action: "s3:GetBucketVersioning", resource: DAGS, source: `${AWS.mwaaRole} (requirements versions)` },
        { action: "s3:GetBucketPublicAccessBlock", resource: DAGS, source: AWS.mwaaRole },
        { action: "s3:GetEncryptionConfiguration", resource: DAGS, source: AWS.mwaaRole },
        { action: "s3:GetAccountPublicAccessBlock", resource: "*", source: AWS.mwaaRole },
        { action: "logs:CreateLogGroup", resource: `${LOGS}-Task`, source: AWS.mwaaRole },
        { action: "logs:CreateLogStream", resource: `${LOGS}-Task:log-stream:dag_id=x/run_id=y`, source: AWS.mwaaRole },
        {
            action: "logs:PutLogEvents",
            resource: `${LOGS}-Scheduler:log-stream:scheduler.py.log`,
            source: AWS.mwaaRole,
        },
        {
            action: "logs:GetLogEvents",
            resource: `${LOGS}-Task:log-stream:abc`,
            source: `${AWS.mwaaRole} (UI task logs)`,
        },
        { action: "logs:GetLogRecord", resource: `${LOGS}-Task`, source: AWS.mwaaRole },
        { action: "logs:GetLogGroupFields", resource: `${LOGS}-Task`, source: AWS.mwaaRole },
        { action: "logs:GetQueryResults", resource: `${LOGS}-Task`, source: AWS.mwaaRole },
        { action: "logs:DescribeLogGroups", resource: "*", source: AWS.mwaaRole },
        { action: "cloudwatch:PutMetricData", resource: "*", source: `${AWS.mwaaRole} (Airflow StatsD metrics)` },
        { action: "sqs:ReceiveMessage", resource: CELERY, source: `${AWS.mwaaRole} (Celery queue, MWAA's account)` },
        { action: "sqs:SendMessage", resource: CELERY, source: AWS.mwaaRole },
        { action: "sqs:DeleteMessage", resource: CELERY, source: AWS.mwaaRole },
        { action: "sqs:ChangeMessageVisibility", resource: CELERY, source: AWS.mwaaRole },
        { action: "sqs:GetQueueAttributes", resource: CELERY, source: AWS.mwaaRole },
        { action: "sqs:GetQueueUrl", resource: CELERY, source: AWS.mwaaRole },
        { action: "kms:Decrypt", resource: "{key}", context: viaS3, source: `${AWS.mwaaRole} (SSE-KMS DAG bucket)` },
        { action: "kms:GenerateDataKey", resource: "{key}", context: viaSqs, source: AWS.mwaaRole },
        { action: "kms:Decrypt", resource: "{key}", context: viaSqs, source: AWS.mwaaRole },
        { action: "kms:Encrypt", resource: "{key}", context: viaSqs, source: AWS.mwaaRole },
        { action: "kms:DescribeKey", resource: "{key}", context: viaSqs, source: AWS.mwaaRole },
        { action: "sagemaker:DescribeProcessingJob", resource: JOB, source: AIRFLOW_OPERATOR.processing },
        { action: "sagemaker:CreateProcessingJob", resource: JOB, source: AIRFLOW_OPERATOR.processing },
        {
            action: "sagemaker:AddTags",
            resource: JOB,
            source: `${REPO.dagSettings}: tag-on-create is sagemaker:AddTags`,
        },
        {
            action: "iam:PassRole",
            resource: "{role:airflow-processing}",
            context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
            source: `${AIRFLOW_OPERATOR.processing}; ${AWS.processingRole}: "must have the iam:PassRole permission"`,
        },
    ],
    denied: [
        { action: "s3:PutObject", resource: `${DAGS}/dags/evil.py`, why: "DAG code is deployed by Pulumi only" },
        { action: "s3:DeleteObject", resource: `${DAGS}/requirements.txt`, why: "DAG code is deployed by Pulumi only" },
        {
            action: "s3:GetObject",
            resource: "arn:aws:s3:::{bucket:raw}/online-retail.csv",
            why: "Airflow touches no data",
        },
        { action: "s3:PutObject", resource: "arn:aws:s3:::{bucket:offline-store}/x.parquet", why: "steps write data" },
        { action: "dynamodb:BatchWriteItem", resource: "{table:customer_rfm_features}", why: "steps write data" },
        { action: "redshift-data:ExecuteStatement", resource: "{workgroup}", why: "steps query Redshift" },
        {
            action: "sagemaker:CreateProcessingJob",
            resource: "arn:aws:sagemaker:{region}:{account}:processing-job/other-team-job",
            why: "jobs of another prefix belong to someone else",
        },
        {
            action: "iam:PassRole",
            resource: "{role:airflow-processing}",
            context: { "iam:PassedToService": "ec2.amazonaws.com" },
            why: "the processing role goes to SageMaker only",
        },
        {
            action: "iam:PassRole",
            resource: "{role:serving}",
            context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
            why: "passing another role would run a job with its grants",
            stacks: ["prod"],
        },
        {
            action: "iam:PassRole",
            resource: "{role:features-redshift}",
            context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
            why: "passing another role would run a job with its grants",
        },
        { action: "iam:CreateUser", resource: "arn:aws:iam::{account}:user/backdoor", why: "escalation" },
        {
            action: "iam:PutRolePolicy",
            resource: "{role:airflow-execution}",
            why: "escalation: rewriting its own policy",
        },
        { action: "kms:Decrypt", resource: "{key}", why: "the key is used only through S3 and SQS" },
        { action: "kms:ScheduleKeyDeletion", resource: "{key}", why: "destructive" },
        {
            action: "logs:PutLogEvents",
            resource: "arn:aws:logs:{region}:{account}:log-group:/aws/lambda/other:log-stream:x",
            why: "another workload's logs",
        },
        { action: "sqs:SendMessage", resource: "arn:aws:sqs:{region}:{account}:orders", why: "another queue" },
    ],
};

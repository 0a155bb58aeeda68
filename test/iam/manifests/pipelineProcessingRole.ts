/** The pipeline processing role: the steps' Processing jobs (pipelines/*.py in the pipeline image). */
import { CallManifest } from "./types";
import { AWS, FEAST, REPO } from "./sources";

const RAW = "arn:aws:s3:::{bucket:raw}";
const OFFLINE = "arn:aws:s3:::{bucket:offline-store}";
const REGISTRY = "arn:aws:s3:::{bucket:feature-registry}";
const MODELS = "arn:aws:s3:::{bucket:model-registry}";
const PREDICTIONS = "arn:aws:s3:::{bucket:predictions}";
const DAGS = "arn:aws:s3:::{bucket:airflow-dags}";
const JOB_LOGS = "arn:aws:logs:{region}:{account}:log-group:/aws/sagemaker/ProcessingJobs";
const TABLE = "{table:customer_rfm_features}";
/** One version folder of the generated Feast repository (components: FEAST_REPOSITORY_PREFIX + version). */
const REPOSITORY = `${REGISTRY}/feature_repo/0123456789abcdef`;
const ENI = "arn:aws:ec2:{region}:{account}:network-interface/eni-0123456789abcdef0";
/** The Processing jobs' private subnets (three in both planned stacks). */
const SUBNETS = ["{processing-subnet:0}", "{processing-subnet:1}", "{processing-subnet:2}"];
const viaS3 = { "kms:ViaService": "s3.{region}.amazonaws.com" };
const viaDynamoDb = { "kms:ViaService": "dynamodb.{region}.amazonaws.com" };
const ownStatement = { "redshift-data:statement-owner-iam-userid": "{userid}" };
const toRedshift = { "iam:PassedToService": "redshift.amazonaws.com" };

export const PIPELINE_PROCESSING_ROLE: CallManifest = {
    principal: "Pipeline processing role",
    selector: "role:airflow-processing",
    purpose: "the Processing jobs the DAGs start: feature engineering, feast apply / materialize, batch scoring",
    calls: [
        // Running the container (SageMaker's execution-role requirements for CreateProcessingJob).
        { action: "ecr:GetAuthorizationToken", resource: "*", source: AWS.processingRole },
        {
            action: "logs:CreateLogStream",
            resource: `${JOB_LOGS}:log-stream:job/algo-1-1700000000`,
            source: AWS.processingLogs,
        },
        {
            action: "logs:PutLogEvents",
            resource: `${JOB_LOGS}:log-stream:job/algo-1-1700000000`,
            source: AWS.processingLogs,
        },
        { action: "logs:DescribeLogStreams", resource: `${JOB_LOGS}:*`, source: AWS.processingRole },
        { action: "logs:CreateLogGroup", resource: `${JOB_LOGS}:*`, source: AWS.processingRole },
        { action: "cloudwatch:PutMetricData", resource: "*", source: AWS.processingRole },
        // The pipeline image from the platform's own repository (AppSpecification.ImageUri).
        ...["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"].map((action) => ({
            action,
            resource: "{pipeline-repository}",
            source: AWS.processingImage,
        })),
        // The jobs run in the private subnets (NetworkConfig.VpcConfig): SageMaker creates their ENIs as this role.
        { action: "ec2:CreateNetworkInterface", resource: ENI, source: AWS.processingVpc },
        ...SUBNETS.map((subnet) => ({
            action: "ec2:CreateNetworkInterface",
            resource: subnet,
            source: AWS.processingVpc,
        })),
        {
            action: "ec2:CreateNetworkInterface",
            resource: "{security-group:airflow-processing}",
            source: AWS.processingVpc,
        },
        ...SUBNETS.flatMap((subnet) =>
            ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"].map((action) => ({
                action,
                resource: ENI,
                context: { "ec2:Subnet": subnet },
                source: AWS.processingVpc,
            })),
        ),
        ...[
            "ec2:DeleteNetworkInterfacePermission",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeVpcs",
            "ec2:DescribeDhcpOptions",
            "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups",
        ].map((action) => ({ action, resource: "*", source: AWS.processingVpc })),
        // Every step: the generated feature repository, the version the DAG names, from the registry bucket.
        { action: "s3:GetObject", resource: `${REPOSITORY}/feature_store.yaml`, source: REPO.fetchRepo },
        { action: "s3:GetObject", resource: `${REPOSITORY}/features.py`, source: REPO.fetchRepo },
        { action: "kms:Decrypt", resource: "{key}", context: viaS3, source: `${REPO.fetchRepo}; ${AWS.s3Kms}` },
        // feature_engineering: raw CSV in, Parquet features out.
        { action: "s3:ListBucket", resource: RAW, source: REPO.featureEngineering },
        { action: "s3:GetBucketLocation", resource: RAW, source: REPO.featureEngineering },
        { action: "s3:GetObject", resource: `${RAW}/online-retail.csv`, source: REPO.featureEngineering },
        { action: "s3:ListBucket", resource: OFFLINE, source: REPO.featureEngineering },
        { action: "s3:GetBucketLocation", resource: OFFLINE, source: REPO.featureEngineering },
        {
            action: "s3:PutObject",
            resource: `${OFFLINE}/customer_rfm_features/part-0.parquet`,
            source: REPO.featureEngineering,
        },
        {
            action: "s3:GetObject",
            resource: `${OFFLINE}/customer_rfm_features/part-0.parquet`,
            source: REPO.featureEngineering,
        },
        {
            action: "s3:AbortMultipartUpload",
            resource: `${OFFLINE}/customer_rfm_features/part-0.parquet`,
            source: REPO.featureEngineering,
        },
        {
            action: "kms:GenerateDataKey",
            resource: "{key}",
            context: viaS3,
            source: `${REPO.featureEngineering}; ${AWS.s3Kms}`,
        },
        // feast apply / materialize-incremental: the registry object (HeadBucket first).
        { action: "s3:ListBucket", resource: REGISTRY, source: `${FEAST.registryRead}; ${AWS.headBucket}` },
        { action: "s3:GetObject", resource: `${REGISTRY}/registry.db`, source: FEAST.registryRead },
        {
            action: "s3:PutObject",
            resource: `${REGISTRY}/registry.db`,
            source: `${FEAST.registryWrite} (${REPO.feastApply})`,
        },
        // Feast's Redshift offline store through the Data API, UNLOAD staged under staging/.
        { action: "redshift-data:ExecuteStatement", resource: "{workgroup}", source: FEAST.dataApiExecute },
        { action: "redshift-data:DescribeTable", resource: "{workgroup}", source: FEAST.describeTable },
        { action: "redshift-data:DescribeStatement", resource: "*", context: ownStatement, source: FEAST.dataApiWait },
        {
            action: "redshift-data:GetStatementResult",
            resource: "*",
            context: ownStatement,
            source: FEAST.dataApiResult,
        },
        {
            action: "redshift-serverless:GetCredentials",
            resource: "{workgroup}",
            source: `${FEAST.dataApiExecute} (WorkgroupName without SecretArn: the Data API fetches IAM credentials)`,
        },
        {
            action: "s3:GetObject",
            resource: `${OFFLINE}/staging/unload_0000_part_00.parquet`,
            source: FEAST.unloadDownload,
        },
        {
            action: "s3:DeleteObject",
            resource: `${OFFLINE}/staging/unload_0000_part_00.parquet`,
            source: FEAST.unloadDelete,
        },
        // materialize: the online store (tables are created by Pulumi; Feast checks them and writes).
        { action: "dynamodb:DescribeTable", resource: TABLE, source: `${FEAST.onlineUpdate} (${REPO.feastApply})` },
        { action: "dynamodb:BatchWriteItem", resource: TABLE, source: `${FEAST.onlineWrite} (${REPO.materialize})` },
        { action: "dynamodb:BatchGetItem", resource: TABLE, source: FEAST.onlineRead },
        { action: "kms:Decrypt", resource: "{key}", context: viaDynamoDb, source: AWS.dynamodbKms },
        { action: "kms:DescribeKey", resource: "{key}", context: viaDynamoDb, source: AWS.dynamodbKms },
        // batch_scoring and the executed notebooks.
        { action: "s3:ListBucket", resource: MODELS, source: REPO.batchScoring },
        { action: "s3:GetBucketLocation", resource: MODELS, source: REPO.batchScoring },
        {
            action: "s3:GetObject",
            resource: `${MODELS}/notebooks/ch6_model_prediction.ipynb`,
            source: REPO.batchScoring,
        },
        {
            action: "s3:GetObjectVersion",
            resource: `${MODELS}/models/customer_segmentation/model.tar.gz`,
            source: REPO.batchScoring,
        },
        { action: "s3:ListBucket", resource: PREDICTIONS, source: REPO.batchScoring },
        { action: "s3:GetBucketLocation", resource: PREDICTIONS, source: REPO.batchScoring },
        {
            action: "s3:PutObject",
            resource: `${PREDICTIONS}/customer_segmentation/2026-11-21/predictions.parquet`,
            source: REPO.batchScoring,
        },
        {
            action: "s3:AbortMultipartUpload",
            resource: `${PREDICTIONS}/notebook-runs/batch_scoring/x.ipynb`,
            source: REPO.notebookRuns,
        },
    ],
    denied: [
        {
            action: "s3:DeleteObject",
            resource: `${OFFLINE}/customer_rfm_features/part-0.parquet`,
            why: "only staging/ is deleted",
        },
        { action: "s3:PutObject", resource: `${RAW}/online-retail.csv`, why: "raw data is read-only" },
        {
            action: "s3:PutObject",
            resource: `${MODELS}/models/customer_segmentation/model.tar.gz`,
            why: "models are read-only",
        },
        { action: "s3:DeleteObject", resource: `${PREDICTIONS}/customer_segmentation/x.parquet`, why: "destructive" },
        { action: "s3:PutObject", resource: `${REGISTRY}/other.db`, why: "only the registry object is written" },
        {
            action: "s3:GetObject",
            resource: "arn:aws:s3:::someone-elses-bucket/data.csv",
            why: "another stack's bucket",
        },
        {
            action: "dynamodb:DeleteTable",
            resource: TABLE,
            why: `destructive (${FEAST.onlineDelete} only for removed views)`,
        },
        { action: "dynamodb:Scan", resource: TABLE, why: "not a Feast call" },
        {
            action: "dynamodb:BatchWriteItem",
            resource: "arn:aws:dynamodb:{region}:{account}:table/other_project.orders",
            why: "another project's table",
        },
        {
            action: "dynamodb:TagResource",
            resource: TABLE,
            why: `Pulumi owns the tags; ${FEAST.onlineUpdateTags} logs AccessDenied and continues`,
        },
        {
            action: "iam:PassRole",
            resource: "{role:airflow-execution}",
            context: toRedshift,
            why: "passing another role",
        },
        {
            action: "iam:PassRole",
            resource: "{role:features-redshift}",
            context: toRedshift,
            why: `the Redshift role is never passed: ${REPO.feastSqlRoleArn}`,
        },
        {
            action: "iam:PassRole",
            resource: "{role:features-redshift}",
            context: { "iam:PassedToService": "sagemaker.amazonaws.com" },
            why: "the Redshift role goes to no service through this role",
        },
        {
            action: "s3:GetObject",
            resource: `${DAGS}/dags/feature_repo/feature_store.yaml`,
            why: "the feature repository moved to the registry bucket; the DAG bucket is MWAA's",
        },
        {
            action: "s3:PutObject",
            resource: `${REPOSITORY}/feature_store.yaml`,
            why: "the repository is uploaded by Pulumi; jobs only read it",
        },
        {
            action: "ecr:BatchGetImage",
            resource: "{repository}",
            why: "the serving image repository is the endpoint's",
        },
        { action: "ecr:PutImage", resource: "{pipeline-repository}", why: "pushing images is CI's job" },
        {
            action: "kms:Decrypt",
            resource: "{key}",
            context: { "kms:ViaService": "ecr.{region}.amazonaws.com" },
            why: `image pulls need no key grant: ECR decrypts layers with the grants it created (${AWS.ecrKms})`,
        },
        {
            action: "ec2:DeleteNetworkInterface",
            resource: ENI,
            context: { "ec2:Subnet": "arn:aws:ec2:{region}:{account}:subnet/subnet-0ffffffffffffffff" },
            why: "an interface outside the Processing jobs' subnets",
        },
        {
            action: "redshift-data:GetStatementResult",
            resource: "*",
            context: { "redshift-data:statement-owner-iam-userid": "AROAOTHERPRINCIPAL000:someone" },
            why: "another principal's query results",
        },
        {
            action: "redshift-serverless:GetCredentials",
            resource: "arn:aws:redshift-serverless:{region}:{account}:workgroup/9f9f9f9f-0000-4000-a000-000000000009",
            why: "another workgroup",
        },
        {
            action: "sagemaker:CreateProcessingJob",
            resource: "arn:aws:sagemaker:{region}:{account}:processing-job/x",
            why: "jobs do not start jobs",
        },
        {
            action: "kms:Decrypt",
            resource: "{key}",
            context: { "kms:ViaService": "ec2.{region}.amazonaws.com" },
            why: "direct key use",
        },
        { action: "iam:AttachRolePolicy", resource: "{role:airflow-processing}", why: "escalation" },
    ],
};

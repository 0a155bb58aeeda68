/**
 * The MWAA execution role as data: the MWAA baseline plus orchestration of SageMaker Processing
 * jobs. The steps' data grants live on the processing role (`processingRole.ts`); Airflow itself
 * touches no data (proven by `test/orchestration/orchestrationIam.spec.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { bucketObjectsArn, PolicyStatement, regionalArn } from "../core/iam";
import { OfflineStoreEngine } from "../featureStore/featureStoreSettings";

/**
 * The data the pipelines (DAGs) touch. Every execution-role grant beyond the MWAA baseline is
 * scoped to exactly these resources.
 */
export interface OrchestrationPipelineArgs {
    /** Raw data bucket (feature engineering reads `online-retail.csv` and friends). */
    readonly rawBucketName: pulumi.Input<string>;
    /** ARN of the raw data bucket. */
    readonly rawBucketArn: pulumi.Input<string>;
    /** Feast offline-store bucket (feature engineering writes Parquet; Redshift UNLOAD stages under `staging/`). */
    readonly offlineBucketName: pulumi.Input<string>;
    /** ARN of the offline-store bucket. */
    readonly offlineBucketArn: pulumi.Input<string>;
    /** Bucket holding the Feast registry object. */
    readonly featureRegistryBucketName: pulumi.Input<string>;
    /** ARN of the Feast registry bucket. */
    readonly featureRegistryBucketArn: pulumi.Input<string>;
    /**
     * Key of the Feast registry object. Default: `FEAST_REGISTRY_KEY`, `registry.db` (what FeatureStore's
     * `feature_store.yaml` points at).
     */
    readonly registryObjectKey?: string;
    /** Model registry bucket: model artifacts and the pipeline notebooks under `notebooks/`. Read-only for Airflow. */
    readonly modelRegistryBucketName: pulumi.Input<string>;
    /** ARN of the model registry bucket. */
    readonly modelRegistryBucketArn: pulumi.Input<string>;
    /** Predictions bucket: batch scores and executed notebooks (`notebook-runs/`). */
    readonly predictionsBucketName: pulumi.Input<string>;
    /** ARN of the predictions bucket. */
    readonly predictionsBucketArn: pulumi.Input<string>;
    /** Glue database of the Feast offline store. */
    readonly glueDatabaseName: pulumi.Input<string>;
    /** Offline store engine, which decides the Redshift grants. */
    readonly redshiftEngine: OfflineStoreEngine;
    /** ARN of the Redshift Serverless workgroup or the provisioned cluster. */
    readonly redshiftArn: pulumi.Input<string>;
    /** Redshift database Feast queries. */
    readonly redshiftDatabase: pulumi.Input<string>;
    /** Cluster engine: cluster identifier (for `GetClusterCredentials`). */
    readonly redshiftClusterIdentifier?: pulumi.Input<string>;
    /** Cluster engine: database user the pipeline connects as (never the master user). Default: `PIPELINE_DB_USER`. */
    readonly redshiftDbUser?: pulumi.Input<string>;
    /** ARNs of the Feast online-store DynamoDB tables. */
    readonly onlineTableArns: pulumi.Input<pulumi.Input<string>[]>;
    /** `s3://<registry bucket>/feature_repo/<version>/`: the generated Feast repository the jobs download. */
    readonly featureRepositoryUrl?: pulumi.Input<string>;
    /** Content hash of that repository; the DAGs hand it to `feast apply`. */
    readonly featureRepositoryVersion?: pulumi.Input<string>;
}

/** Inputs of `executionRoleStatements`. */
export interface ExecutionRoleScope {
    /** MWAA environment name. */
    readonly environmentName: string;
    /** MWAA environment ARN. */
    readonly environmentArn: pulumi.Input<string>;
    /** Account the stack deploys into. */
    readonly accountId: pulumi.Input<string>;
    /** Region the stack deploys into. */
    readonly region: pulumi.Input<string>;
    /** AWS partition. */
    readonly partition: pulumi.Input<string>;
    /** ARN of the DAG bucket. */
    readonly dagBucketArn: pulumi.Input<string>;
    /** The stack's KMS key. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Pipeline resources; omitted → baseline only. */
    readonly pipeline?: OrchestrationPipelineArgs;
    /** ARN of the Processing jobs' execution role: the only role MWAA may pass (with `pipeline`). */
    readonly processingRoleArn?: pulumi.Input<string>;
    /** Prefix of every Processing job name this environment starts (`<prefix>-<step>-<ts>`). */
    readonly processingJobPrefix?: string;
}

/**
 * The execution role's statements. `Resource: "*"` appears only where the action has no
 * resource-level permissions (logs:DescribeLogGroups, cloudwatch:PutMetricData,
 * s3:GetAccountPublicAccessBlock).
 */
export function executionRoleStatements(scope: ExecutionRoleScope): PolicyStatement[] {
    const { region, partition } = scope;
    const airflowLogGroups = regionalArn(scope, "logs", `log-group:airflow-${scope.environmentName}-*`);
    const statements: PolicyStatement[] = [
        // ---- MWAA baseline (AWS's documented execution-role policy for a customer-managed key) ----
        { Sid: "MwaaPublishEnvironmentMetrics", Action: "airflow:PublishMetrics", Resource: scope.environmentArn },
        {
            Sid: "MwaaReadDagBucket",
            Action: [
                "s3:GetObject",
                "s3:GetObjectVersion",
                "s3:ListBucket",
                "s3:GetBucketLocation",
                "s3:GetBucketVersioning",
                "s3:GetBucketPublicAccessBlock",
                "s3:GetEncryptionConfiguration",
            ],
            Resource: [scope.dagBucketArn, bucketObjectsArn(scope.dagBucketArn)],
        },
        {
            Sid: "MwaaWriteAirflowLogs",
            Action: [
                "logs:CreateLogStream",
                "logs:CreateLogGroup",
                "logs:PutLogEvents",
                "logs:GetLogEvents",
                "logs:GetLogRecord",
                "logs:GetLogGroupFields",
                "logs:GetQueryResults",
            ],
            Resource: airflowLogGroups,
        },
        // These three actions have no resource-level permissions: AWS requires "*".
        { Sid: "MwaaDescribeLogGroups", Action: "logs:DescribeLogGroups", Resource: "*" },
        { Sid: "MwaaPutCloudWatchMetrics", Action: "cloudwatch:PutMetricData", Resource: "*" },
        { Sid: "MwaaCheckAccountPublicAccessBlock", Action: "s3:GetAccountPublicAccessBlock", Resource: "*" },
        {
            // The Celery queue lives in an MWAA-owned account, hence the account wildcard.
            Sid: "MwaaCeleryTaskQueue",
            Action: [
                "sqs:ChangeMessageVisibility",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl",
                "sqs:ReceiveMessage",
                "sqs:SendMessage",
            ],
            Resource: pulumi.interpolate`arn:${partition}:sqs:${region}:*:airflow-celery-*`,
        },
        {
            Sid: "MwaaStackKeyViaS3AndSqs",
            Action: ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Encrypt"],
            Resource: scope.kmsKeyArn,
            Condition: {
                StringEquals: {
                    "kms:ViaService": [
                        pulumi.interpolate`sqs.${region}.amazonaws.com`,
                        pulumi.interpolate`s3.${region}.amazonaws.com`,
                    ],
                },
            },
        },
    ];
    if (scope.pipeline === undefined) return statements;
    if (scope.processingRoleArn === undefined || scope.processingJobPrefix === undefined)
        throw new Error("processingRoleArn and processingJobPrefix are required with pipeline");

    // ---- Orchestration only: start, watch and stop this stack's Processing jobs ----
    // SageMakerProcessingOperator calls DescribeProcessingJob (name check), CreateProcessingJob, then
    // DescribeProcessingJob until done; it never reads the job's CloudWatch logs, so no logs grant
    // (apache/airflow@1e838499:providers/amazon/src/airflow/providers/amazon/aws/hooks/sagemaker.py,
    // create_processing_job/check_status; log tailing exists only for training jobs).
    const jobs = regionalArn(scope, "sagemaker", `processing-job/${scope.processingJobPrefix}-*`);
    statements.push(
        {
            Sid: "PipelineStartProcessingJobs",
            // AddTags: the job request carries Tags, and tag-on-create is authorised as sagemaker:AddTags. No
            // StopProcessingJob: SageMakerProcessingOperator has no on_kill (apache/airflow@26b6d6f4,
            // providers/amazon/aws/operators/sagemaker.py), so nothing stops jobs.
            Action: ["sagemaker:CreateProcessingJob", "sagemaker:DescribeProcessingJob", "sagemaker:AddTags"],
            Resource: jobs,
        },
        {
            // "The caller of this API must have the iam:PassRole permission" for RoleArn
            // (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html, CreateProcessingJob).
            Sid: "PipelinePassProcessingRole",
            Action: "iam:PassRole",
            Resource: scope.processingRoleArn,
            Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
        },
    );
    return statements;
}

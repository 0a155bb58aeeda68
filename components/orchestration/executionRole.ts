/**
 * The MWAA execution role as data: one statement builder per workflow step, each statement's Sid
 * naming the step that needs it (proven by `test/orchestration/orchestrationIam.spec.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { bucketObjectsArn, PolicyStatement } from "../core/iam";
import { FEAST_REGISTRY_KEY, OFFLINE_STORE_DEFAULTS, OfflineStoreEngine } from "../featureStore/featureStoreSettings";

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
    /** Key of the Feast registry object. Default: `FEAST_REGISTRY_KEY`, `registry.db` (what FeatureStore's `feature_store.yaml` points at). */
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
    /** ARN of the Glue database. */
    readonly glueDatabaseArn: pulumi.Input<string>;
    /** ARNs of the feature-view Glue tables. */
    readonly glueTableArns: pulumi.Input<pulumi.Input<string>[]>;
    /** Offline store engine, which decides the Redshift grants. */
    readonly redshiftEngine: OfflineStoreEngine;
    /** ARN of the Redshift Serverless workgroup or the provisioned cluster. */
    readonly redshiftArn: pulumi.Input<string>;
    /** Redshift database Feast queries. */
    readonly redshiftDatabase: pulumi.Input<string>;
    /** Cluster engine: cluster identifier (for `GetClusterCredentials`). */
    readonly redshiftClusterIdentifier?: pulumi.Input<string>;
    /** Cluster engine: database user Feast connects as. Default: `feast_admin` (FeatureStore's default admin). */
    readonly redshiftDbUser?: pulumi.Input<string>;
    /** Role Redshift assumes for Spectrum and UNLOAD; the only role Airflow may pass. */
    readonly redshiftRoleArn: pulumi.Input<string>;
    /** ARNs of the Feast online-store DynamoDB tables. */
    readonly onlineTableArns: pulumi.Input<pulumi.Input<string>[]>;
    /** Feast `feature_store.yaml`; uploaded to `dags/feature_repo/` so tasks can run `feast` against this stack. */
    readonly featureStoreYaml?: pulumi.Input<string>;
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
}

/**
 * The execution role's statements. Each Sid names the step that needs it; `Resource: "*"` appears
 * only where the action has no resource-level permissions (logs:DescribeLogGroups,
 * cloudwatch:PutMetricData, s3:GetAccountPublicAccessBlock, and the Redshift Data API's
 * statement-polling calls, which are confined to statements this role started).
 */
export function executionRoleStatements(scope: ExecutionRoleScope): PolicyStatement[] {
    const { region, accountId, partition } = scope;
    const airflowLogGroups = pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:airflow-${scope.environmentName}-*`;
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
    const p = scope.pipeline;
    if (p === undefined) return statements;

    const registryObject = pulumi.interpolate`${p.featureRegistryBucketArn}/${p.registryObjectKey ?? FEAST_REGISTRY_KEY}`;
    const catalogArn = pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:catalog`;
    statements.push(
        // feature_engineering: read raw data ...
        {
            Sid: "FeatureEngineeringListRawData",
            Action: ["s3:ListBucket", "s3:GetBucketLocation"],
            Resource: p.rawBucketArn,
        },
        { Sid: "FeatureEngineeringReadRawData", Action: "s3:GetObject", Resource: bucketObjectsArn(p.rawBucketArn) },
        // ... and write Parquet features to the offline store (Feast's Redshift UNLOAD staging lives there too).
        {
            Sid: "FeatureEngineeringListOfflineStore",
            Action: ["s3:ListBucket", "s3:GetBucketLocation"],
            Resource: p.offlineBucketArn,
        },
        {
            Sid: "FeatureEngineeringWriteOfflineStore",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resource: bucketObjectsArn(p.offlineBucketArn),
        },
        // feast (materialize-incremental, get_historical_features): read and update the registry object.
        // Feast's S3 registry store calls HeadBucket before every read, which S3 authorizes as s3:ListBucket.
        { Sid: "FeastCheckRegistryBucket", Action: "s3:ListBucket", Resource: p.featureRegistryBucketArn },
        { Sid: "FeastReadWriteRegistryObject", Action: ["s3:GetObject", "s3:PutObject"], Resource: registryObject },
        {
            Sid: "FeastReadOfflineCatalog",
            Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"],
            Resource: arnList(catalogArn, p.glueDatabaseArn, p.glueTableArns),
        },
        ...redshiftStatements(p, scope),
        {
            // Redshift UNLOAD/COPY issued by Feast names the Redshift role; Airflow may hand over that role only, only to Redshift.
            Sid: "FeastPassRedshiftRole",
            Action: "iam:PassRole",
            Resource: p.redshiftRoleArn,
            Condition: {
                StringEquals: {
                    "iam:PassedToService": ["redshift.amazonaws.com", "redshift-serverless.amazonaws.com"],
                },
            },
        },
        // sync_offline_to_online (feast materialize-incremental) writes, model_prediction reads the online store.
        {
            Sid: "FeastMaterializeOnlineStore",
            Action: ["dynamodb:DescribeTable", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem"],
            Resource: arnList(p.onlineTableArns),
        },
        {
            // The offline bucket is SSE-KMS and the online tables and catalog use the stack key.
            Sid: "FeastStackKeyViaDynamoDbAndGlue",
            Action: ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Encrypt"],
            Resource: scope.kmsKeyArn,
            Condition: {
                StringEquals: {
                    "kms:ViaService": [
                        pulumi.interpolate`dynamodb.${region}.amazonaws.com`,
                        pulumi.interpolate`glue.${region}.amazonaws.com`,
                    ],
                },
            },
        },
        // model_prediction: load the production model and the pipeline notebooks ...
        {
            Sid: "ModelPredictionListModelRegistry",
            Action: ["s3:ListBucket", "s3:GetBucketLocation"],
            Resource: p.modelRegistryBucketArn,
        },
        {
            Sid: "ModelPredictionReadModelRegistry",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: bucketObjectsArn(p.modelRegistryBucketArn),
        },
        // ... and write predictions (plus the executed notebooks under notebook-runs/).
        {
            Sid: "ModelPredictionListPredictions",
            Action: ["s3:ListBucket", "s3:GetBucketLocation"],
            Resource: p.predictionsBucketArn,
        },
        {
            Sid: "ModelPredictionWritePredictions",
            Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: bucketObjectsArn(p.predictionsBucketArn),
        },
    );
    return statements;
}

/** Redshift Data API grants for the offline store engine in use. */
function redshiftStatements(p: OrchestrationPipelineArgs, scope: ExecutionRoleScope): PolicyStatement[] {
    const { partition, region, accountId } = scope;
    const statements: PolicyStatement[] = [
        {
            Sid: "FeastQueryOfflineStoreViaDataApi",
            Action: [
                "redshift-data:ExecuteStatement",
                "redshift-data:BatchExecuteStatement",
                "redshift-data:DescribeTable",
                "redshift-data:ListSchemas",
                "redshift-data:ListTables",
            ],
            Resource: p.redshiftArn,
        },
        {
            // Polling calls have no resource-level permissions; the condition keeps them to statements this role started.
            Sid: "FeastPollOwnDataApiStatements",
            Action: [
                "redshift-data:DescribeStatement",
                "redshift-data:GetStatementResult",
                "redshift-data:CancelStatement",
            ],
            Resource: "*",
            Condition: { StringEquals: { "redshift-data:statement-owner-iam-userid": "${aws:userid}" } },
        },
    ];
    if (p.redshiftEngine === "redshift-serverless") {
        statements.push({
            Sid: "FeastOfflineStoreCredentials",
            Action: "redshift-serverless:GetCredentials",
            Resource: p.redshiftArn,
        });
    } else {
        const cluster = p.redshiftClusterIdentifier;
        if (cluster === undefined)
            throw new Error("pipeline.redshiftClusterIdentifier is required for engine redshift-cluster");
        const user = p.redshiftDbUser ?? OFFLINE_STORE_DEFAULTS.adminUsername;
        statements.push({
            Sid: "FeastOfflineStoreCredentials",
            Action: "redshift:GetClusterCredentials",
            Resource: [
                pulumi.interpolate`arn:${partition}:redshift:${region}:${accountId}:dbuser:${cluster}/${user}`,
                pulumi.interpolate`arn:${partition}:redshift:${region}:${accountId}:dbname:${cluster}/${p.redshiftDatabase}`,
            ],
        });
    }
    return statements;
}

/**
 * A flat ARN list from single ARNs and ARN lists (which may be Outputs). The statement builder's
 * `Resource` takes a list of inputs; `policyDocument` resolves the nested Output before rendering.
 */
function arnList(...parts: (pulumi.Input<string> | pulumi.Input<pulumi.Input<string>[]>)[]): pulumi.Input<string>[] {
    const flat = pulumi.all(parts.map((part) => pulumi.output(part))).apply((values) => values.flat() as string[]);
    return flat as unknown as pulumi.Input<string>[];
}

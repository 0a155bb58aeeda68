/**
 * Where the calls in the manifests come from, named once so that each manifest entry stays one line.
 * Feast at the pinned tag (pipelines/requirements.txt: feast[aws]==0.66.0, read from feast-dev/feast at
 * v0.66.0); the Airflow amazon provider at apache/airflow@26b6d6f4; AWS pages by URL.
 */
const FEAST_TAG = "feast-dev/feast@v0.66.0:sdk/python/feast";
const AIRFLOW = "apache/airflow@26b6d6f4:providers/amazon/src/airflow/providers/amazon/aws";
const AWS_DOCS = "https://docs.aws.amazon.com";

export const FEAST = {
    registryRead: `${FEAST_TAG}/infra/registry/s3.py S3RegistryStore.get_registry_proto (head_bucket, download)`,
    registryWrite: `${FEAST_TAG}/infra/registry/s3.py S3RegistryStore._write_registry (put_object)`,
    dataApiExecute: `${FEAST_TAG}/infra/utils/aws_utils.py execute_redshift_statement_async (execute_statement)`,
    dataApiWait: `${FEAST_TAG}/infra/utils/aws_utils.py wait_for_redshift_statement (describe_statement)`,
    dataApiResult: `${FEAST_TAG}/infra/utils/aws_utils.py get_redshift_statement_result (get_statement_result)`,
    describeTable: `${FEAST_TAG}/infra/offline_stores/redshift_source.py get_table_column_names_and_types`,
    unloadDownload: `${FEAST_TAG}/infra/utils/aws_utils.py unload_redshift_query_to_pa → download_s3_directory`,
    unloadDelete: `${FEAST_TAG}/infra/utils/aws_utils.py unload_redshift_query_to_pa → delete_s3_directory`,
    unloadIamRole:
        `${FEAST_TAG}/infra/utils/aws_utils.py ` + "execute_redshift_query_and_unload_to_s3 (UNLOAD … IAM_ROLE)",
    onlineUpdate: `${FEAST_TAG}/infra/online_stores/dynamodb.py DynamoDBOnlineStore.update (describe_table)`,
    onlineUpdateTags: `${FEAST_TAG}/infra/online_stores/dynamodb.py DynamoDBOnlineStore._update_tags`,
    onlineWrite: `${FEAST_TAG}/infra/online_stores/dynamodb.py DynamoDBOnlineStore.online_write_batch (batch_writer)`,
    onlineRead: `${FEAST_TAG}/infra/online_stores/dynamodb.py DynamoDBOnlineStore.online_read (batch_get_item)`,
    onlineDelete: `${FEAST_TAG}/infra/online_stores/dynamodb.py DynamoDBOnlineStore.update (_delete_table_idempotent)`,
} as const;

export const AIRFLOW_OPERATOR = {
    processing:
        `${AIRFLOW}/operators/sagemaker.py SageMakerProcessingOperator.execute ` +
        "(_get_unique_job_name → describe_processing_job, then hook.create_processing_job)",
    processingWait: `${AIRFLOW}/hooks/sagemaker.py SageMakerHook.create_processing_job → check_status (polling)`,
} as const;

export const AWS = {
    mwaaRole: `${AWS_DOCS}/mwaa/latest/userguide/mwaa-create-role.html`,
    mwaaKeys: `${AWS_DOCS}/mwaa/latest/userguide/custom-keys-certs.html (grants MWAA attaches)`,
    sagemakerRoles: `${AWS_DOCS}/sagemaker/latest/dg/sagemaker-roles.html`,
    createModelRole: `${AWS_DOCS}/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createmodel-perms`,
    processingRole: `${AWS_DOCS}/sagemaker/latest/dg/sagemaker-roles.html (CreateProcessingJob API: Execution Role)`,
    processingVpc:
        `${AWS_DOCS}/sagemaker/latest/dg/process-vpc.html (Give SageMaker Processing Jobs Access to Resources ` +
        "in Your Amazon VPC; CreateProcessingJob NetworkConfig.VpcConfig, API_NetworkConfig.html)",
    processingImage:
        `${AWS_DOCS}/sagemaker/latest/dg/sagemaker-roles.html (CreateProcessingJob API: Execution Role; ` +
        "AppSpecification.ImageUri from the pipeline repository)",
    vpcMode: `${AWS_DOCS}/sagemaker/latest/dg/sagemaker-roles.html (If you specify a private VPC for your model)`,
    guardrails: `${AWS_DOCS}/sagemaker/latest/dg/deployment-guardrails-configuration.html (auto-rollback alarms)`,
    dataCapture: `${AWS_DOCS}/sagemaker/latest/dg/model-monitor-data-capture.html`,
    monitorContainer: `${AWS_DOCS}/sagemaker/latest/dg/model-monitor-pre-built-container.html`,
    processingLogs: `${AWS_DOCS}/sagemaker/latest/dg/logging-cloudwatch.html`,
    flowLogsRole: `${AWS_DOCS}/vpc/latest/userguide/flow-logs-iam-role.html`,
    logsKey: `${AWS_DOCS}/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html (key policy for log groups)`,
    budgetsKey:
        `${AWS_DOCS}/cost-management/latest/userguide/budgets-sns-policy.html#configure-kms-perm ` +
        "(AWS Budgets and encrypted Amazon SNS topics)",
    alarmsKey: `${AWS_DOCS}/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services (CloudWatch)`,
    redshiftSpectrum: `${AWS_DOCS}/redshift/latest/dg/c-spectrum-iam-policies.html`,
    redshiftUnload: `${AWS_DOCS}/redshift/latest/dg/r_UNLOAD.html (IAM_ROLE writes to S3)`,
    redshiftKms: `${AWS_DOCS}/redshift/latest/mgmt/serverless-security.html (CMK through kms:ViaService)`,
    headBucket: `${AWS_DOCS}/AmazonS3/latest/API/API_HeadBucket.html (needs s3:ListBucket)`,
    s3Kms: `${AWS_DOCS}/AmazonS3/latest/userguide/UsingKMSEncryption.html (SSE-KMS via s3)`,
    dynamodbKms: `${AWS_DOCS}/amazondynamodb/latest/developerguide/encryption.usagenotes.html`,
    ecrKms: `${AWS_DOCS}/AmazonECR/latest/userguide/encryption-at-rest.html`,
    endpointConfigKms: `${AWS_DOCS}/sagemaker/latest/APIReference/API_CreateEndpointConfig.html (KmsKeyId)`,
    secretsKms: `${AWS_DOCS}/secretsmanager/latest/userguide/security-encryption.html (manageAdminPassword secret)`,
    kmsGrants: `${AWS_DOCS}/kms/latest/developerguide/grant-authorization.html (kms:GrantIsForAWSResource)`,
} as const;

/** This repository's code making the call. */
export const REPO = {
    dagSettings:
        "airflow/dags/mlops_settings.py processing_job (Tags, RoleArn, <prefix>-<dag>-<step>-<ts>; " +
        "job config from dags/mlops_pipeline.json)",
    fetchRepo:
        "pipelines/common.py fetch_feature_repo (s3 download_file feature_repo/<version>/feature_store.yaml, " +
        "features.py from the feature registry bucket)",
    feastSqlRoleArn:
        "feast-dev/feast@v0.66.0:sdk/python/feast/infra/utils/aws_utils.py (the Redshift role ARN is only " +
        "written into UNLOAD/COPY SQL: no iam:PassRole by the caller)",
    featureEngineering: "pipelines/feature_engineering.py (papermill notebook: raw bucket → offline Parquet)",
    batchScoring: "pipelines/batch_scoring.py (papermill notebook: model + features → predictions)",
    notebookRuns: "pipelines/{feature_engineering,batch_scoring}.py (executed notebook → predictions/notebook-runs/)",
    feastApply: "pipelines/feast_apply.py (feast apply)",
    materialize: "pipelines/materialize.py (feast materialize-incremental)",
    servingFeast: "serving container: Feast get_online_features (FEAST_REGISTRY, FEAST_ONLINE_TABLES env)",
} as const;

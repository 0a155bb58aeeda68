/**
 * The execution role of the pipeline's SageMaker Processing jobs as data: every data grant the
 * steps need (feature engineering, feast apply / materialize, batch scoring), each statement's Sid
 * naming the step, plus what SageMaker needs to run the container
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html, "CreateProcessingJob API:
 * Execution Role Permissions"). Proven by `test/orchestration/orchestrationIam.spec.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { ECR_PULL_ACTIONS } from "../core/ecrRepository";
import { bucketObjectsArn, PolicyStatement, regionalArn } from "../core/iam";
import { sageMakerVpcStatements } from "../core/vpcAccess";
import {
    FEAST_REGISTRY_KEY,
    FEAST_REPOSITORY_PREFIX,
    OFFLINE_STAGING_PREFIX,
    PIPELINE_DB_USER,
} from "../featureStore/featureStoreSettings";
import { OrchestrationPipelineArgs } from "./executionRole";

export { PIPELINE_DB_USER };

/** Inputs of `processingRoleStatements`. */
export interface ProcessingRoleScope {
    /** Account the stack deploys into. */
    readonly accountId: pulumi.Input<string>;
    /** Region the stack deploys into. */
    readonly region: pulumi.Input<string>;
    /** AWS partition. */
    readonly partition: pulumi.Input<string>;
    /** The stack's KMS key. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Pipeline resources. */
    readonly pipeline: OrchestrationPipelineArgs;
    /** The pipeline image repository; the role may pull from it only. */
    readonly pipelineRepositoryArn?: pulumi.Input<string>;
    /** The jobs' subnets and security group (CreateProcessingJob `NetworkConfig`). */
    readonly vpc?: {
        readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
        readonly securityGroupId: pulumi.Input<string>;
    };
}

/** The processing role's statements. `Resource: "*"` only where AWS offers no resource-level permission. */
export function processingRoleStatements(scope: ProcessingRoleScope): PolicyStatement[] {
    const { region, accountId, partition } = scope;
    const p = scope.pipeline;
    const statements: PolicyStatement[] = [
        // ---- Running the container (SageMaker execution-role requirements) ----
        { Sid: "ProcessingGetEcrToken", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        ...(scope.pipelineRepositoryArn !== undefined
            ? [{ Sid: "ProcessingPullPipelineImage", Action: ECR_PULL_ACTIONS, Resource: scope.pipelineRepositoryArn }]
            : []),
        // The jobs run in the private subnets (NetworkConfig.VpcConfig): SageMaker creates their ENIs as this role.
        ...(scope.vpc !== undefined ? sageMakerVpcStatements({ ...scope.vpc, accountId, region, partition }) : []),
        {
            // Processing writes to /aws/sagemaker/ProcessingJobs, streams `<job>/<host>`.
            Sid: "ProcessingWriteJobLogs",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: regionalArn(scope, "logs", "log-group:/aws/sagemaker/ProcessingJobs:*"),
        },
        { Sid: "ProcessingPutMetrics", Action: "cloudwatch:PutMetricData", Resource: "*" },
        {
            Sid: "ProcessingReadFeatureRepository",
            Action: "s3:GetObject",
            // The generated repository, one folder per version, next to the registry it applies to.
            Resource: pulumi.interpolate`${p.featureRegistryBucketArn}/${FEAST_REPOSITORY_PREFIX}*`,
        },
        {
            // S3 SSE-KMS asks the caller for kms:GenerateDataKey to write and kms:Decrypt to read
            // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html).
            Sid: "ProcessingStackKeyViaS3",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: scope.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${region}.amazonaws.com` } },
        },
    ];
    const registryKey = p.registryObjectKey ?? FEAST_REGISTRY_KEY;
    const registryObject = pulumi.interpolate`${p.featureRegistryBucketArn}/${registryKey}`;
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
            Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: bucketObjectsArn(p.offlineBucketArn),
        },
        {
            // Feast deletes its UNLOAD output after download (v0.66.0:sdk/python/feast/infra/utils/aws_utils.py);
            // only that staging prefix may be deleted, never the feature Parquet itself.
            Sid: "FeastCleanOfflineStaging",
            Action: "s3:DeleteObject",
            Resource: pulumi.interpolate`${p.offlineBucketArn}/${OFFLINE_STAGING_PREFIX}*`,
        },
        // feast (materialize-incremental, get_historical_features): read and update the registry object.
        // Feast's S3 registry store calls HeadBucket before every read, which S3 authorizes as s3:ListBucket.
        { Sid: "FeastCheckRegistryBucket", Action: "s3:ListBucket", Resource: p.featureRegistryBucketArn },
        { Sid: "FeastReadWriteRegistryObject", Action: ["s3:GetObject", "s3:PutObject"], Resource: registryObject },
        ...redshiftStatements(p, scope),
        // No iam:PassRole of the Redshift role: Feast names it only inside COPY/UNLOAD SQL text (IAM_ROLE '<arn>',
        // feast-dev/feast@v0.66.0:sdk/python/feast/infra/utils/aws_utils.py, upload_arrow_table_to_redshift and
        // execute_redshift_query_and_unload_to_s3), sent with redshift-data:ExecuteStatement, whose request has no
        // role parameter. Redshift authorizes that role by its association with the engine and the database's
        // ASSUMEROLE privileges (https://docs.aws.amazon.com/redshift/latest/mgmt/copy-unload-iam-role.html).
        // sync_offline_to_online (feast materialize-incremental) writes, model_prediction reads the online store.
        {
            Sid: "FeastMaterializeOnlineStore",
            Action: ["dynamodb:DescribeTable", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem"],
            Resource: arnList(p.onlineTableArns),
        },
        {
            // The online tables use the stack key. (No Glue: Feast 0.66's Redshift offline store makes no
            // Glue call; Spectrum reads the catalog as the Redshift role.)
            Sid: "FeastStackKeyViaDynamoDb",
            Action: ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Encrypt"],
            Resource: scope.kmsKeyArn,
            Condition: {
                StringEquals: {
                    "kms:ViaService": pulumi.interpolate`dynamodb.${region}.amazonaws.com`,
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
function redshiftStatements(p: OrchestrationPipelineArgs, scope: ProcessingRoleScope): PolicyStatement[] {
    const statements: PolicyStatement[] = [
        {
            Sid: "FeastQueryOfflineStoreViaDataApi",
            Action: ["redshift-data:ExecuteStatement", "redshift-data:DescribeTable"],
            Resource: p.redshiftArn,
        },
        {
            // Polling calls have no resource-level permissions; the condition keeps them to statements this role
            // started.
            Sid: "FeastPollOwnDataApiStatements",
            Action: ["redshift-data:DescribeStatement", "redshift-data:GetStatementResult"],
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
        // Its own database user, never the master user (issue 11 item 11).
        const user = p.redshiftDbUser ?? PIPELINE_DB_USER;
        statements.push({
            Sid: "FeastOfflineStoreCredentials",
            Action: "redshift:GetClusterCredentials",
            Resource: [
                regionalArn(scope, "redshift", pulumi.interpolate`dbuser:${cluster}/${user}`),
                regionalArn(scope, "redshift", pulumi.interpolate`dbname:${cluster}/${p.redshiftDatabase}`),
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

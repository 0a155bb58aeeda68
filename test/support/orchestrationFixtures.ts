/** Shared inputs of the Orchestration specs. */
import { OrchestrationPipelineArgs } from "../../components/orchestration/executionRole";

/** Pipeline resources as plain strings (what MlopsPlatform passes as Outputs). */
export const PIPELINE: OrchestrationPipelineArgs = {
    rawBucketName: "raw-bucket",
    rawBucketArn: "arn:aws:s3:::raw-bucket",
    offlineBucketName: "offline-bucket",
    offlineBucketArn: "arn:aws:s3:::offline-bucket",
    featureRegistryBucketName: "registry-bucket",
    featureRegistryBucketArn: "arn:aws:s3:::registry-bucket",
    modelRegistryBucketName: "models-bucket",
    modelRegistryBucketArn: "arn:aws:s3:::models-bucket",
    predictionsBucketName: "predictions-bucket",
    predictionsBucketArn: "arn:aws:s3:::predictions-bucket",
    glueDatabaseName: "customer_segmentation",
    redshiftEngine: "redshift-serverless",
    redshiftArn: "arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/0b1c2d3e-0000-4000-a000-000000000001",
    redshiftDatabase: "feast",
    onlineTableArns: ["arn:aws:dynamodb:us-east-1:123456789012:table/customer_segmentation.customer_rfm_features"],
    featureRepositoryUrl: "s3://registry-bucket/feature_repo/0123456789abcdef/",
    featureRepositoryVersion: "0123456789abcdef",
};

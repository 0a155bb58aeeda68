/** Shared inputs of the Orchestration specs. */
import { OrchestrationPipelineArgs } from "../../components/orchestration/executionRole";
import * as fs from "fs";
import * as path from "path";
import { OrchestrationArgs } from "../../components/orchestration/orchestration";

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

export const projectDir = path.resolve(__dirname, "..", "..", "..");
export const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";
export const SUBNETS = ["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c"];
export const ENV = "aws:mwaa/environment:Environment";
export const OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const SG = "aws:ec2/securityGroup:SecurityGroup";

/** Dev arguments with the repository's DAGs and PIPELINE; each test overrides what it checks. */
export function baseArgs(overrides: Partial<OrchestrationArgs> = {}): OrchestrationArgs {
    return {
        environment: "dev",
        kmsKeyArn: KEY,
        accessLogBucket: "access-logs",
        vpcId: "vpc-0123456789abcdef0",
        privateSubnetIds: SUBNETS,
        projectDir,
        pipeline: PIPELINE,
        tags: { team: "ml" },
        ...overrides,
    };
}

/** The repository's DAG folder as MWAA gets it (dotfiles and __pycache__ left out, .airflowignore kept). */
export function dagFiles(): string[] {
    return fs
        .readdirSync(path.join(projectDir, "airflow", "dags"))
        .filter((f) => (!f.startsWith(".") || f === ".airflowignore") && f !== "__pycache__")
        .sort();
}

/**
 * The Model Monitor execution role as data: read the endpoint's captured data and its baseline,
 * write reports, pull the AWS analyzer image, its own logs and metrics (proven by
 * `test/serving/monitorIam.spec.ts` against `test/iam/manifests/modelMonitorRole.ts`).
 * Required set: the analyzer is a SageMaker Processing job run with this role
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-pre-built-container.html); a live run
 * needing exactly GetObject capture+baseline, PutObject reports, ListBucket, ECR pull, PutMetricData and
 * logs is recorded in /work/research/issue12-13/monitoring.md §6.
 */
import * as pulumi from "@pulumi/pulumi";
import { bucketObjectsArn, PolicyStatement, regionalArn } from "../../core/iam";
import { ECR_PULL_ACTIONS } from "../../core/ecrRepository";
import { sageMakerVpcStatements } from "../../core/vpcAccess";
import { SERVING_DEFAULTS } from "../servingSpec";
import { MONITORING_DEFAULTS } from "./monitoringSettings";

/** Inputs of `monitorRoleStatements`. */
export interface MonitorRoleScope {
    readonly endpointName: string;
    readonly accountId: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Data-capture bucket: capture is read from it, reports are written to it. */
    readonly dataCaptureBucketArn: pulumi.Input<string>;
    /** Model-registry bucket: the baseline lives in it. */
    readonly baselineBucketArn: pulumi.Input<string>;
    /** The analyzer image's repository ARN (an AWS account's). */
    readonly analyzerRepositoryArn: pulumi.Input<string>;
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Subnets and security group when the job runs in the VPC. */
    readonly vpc?: {
        readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
        readonly securityGroupId: pulumi.Input<string>;
    };
}

/** Processing jobs log to this group (https://docs.aws.amazon.com/sagemaker/latest/dg/logging-cloudwatch.html). */
export const PROCESSING_LOG_GROUP = "/aws/sagemaker/ProcessingJobs";

/** The monitoring role's statements, each Sid naming what needs it. */
export function monitorRoleStatements(scope: MonitorRoleScope): PolicyStatement[] {
    const { accountId, region, partition, endpointName } = scope;
    const capturePrefix = `${SERVING_DEFAULTS.dataCapturePrefix}/${endpointName}/`;
    const monitoringPrefix = MONITORING_DEFAULTS.prefix(endpointName);
    const logGroupArn = regionalArn(scope, "logs", `log-group:${PROCESSING_LOG_GROUP}`);
    const statements: PolicyStatement[] = [
        {
            Sid: "ReadCapturedData",
            Action: "s3:GetObject",
            Resource: bucketObjectsArn(scope.dataCaptureBucketArn, capturePrefix),
        },
        {
            // The analyzer lists the hour's capture files under the endpoint's prefix.
            Sid: "ListCapturedData",
            Action: "s3:ListBucket",
            Resource: scope.dataCaptureBucketArn,
            Condition: { StringLike: { "s3:prefix": [`${capturePrefix}*`] } },
        },
        {
            Sid: "ReadBaseline",
            Action: "s3:GetObject",
            Resource: bucketObjectsArn(scope.baselineBucketArn, `${monitoringPrefix}baseline/`),
        },
        {
            Sid: "WriteReports",
            Action: "s3:PutObject",
            Resource: bucketObjectsArn(scope.dataCaptureBucketArn, `${monitoringPrefix}reports/`),
        },
        { Sid: "PullAnalyzerImage", Action: ECR_PULL_ACTIONS, Resource: scope.analyzerRepositoryArn },
        // GetAuthorizationToken has no resource-level permissions: "*" is the only valid resource.
        { Sid: "EcrAuthorizationToken", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
            Sid: "MonitoringLogs",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [logGroupArn, pulumi.interpolate`${logGroupArn}:*`],
        },
        {
            // PutMetricData has no resource-level permissions; the namespace condition keeps it to Model Monitor's.
            Sid: "MonitoringMetrics",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringLike: { "cloudwatch:namespace": ["/aws/sagemaker/*", "aws/sagemaker/*"] } },
        },
        {
            Sid: "UseStackKey",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: scope.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${region}.amazonaws.com` } },
        },
        {
            // The job's volume is encrypted with the stack key: SageMaker creates a grant for the instance's EBS
            // volume.
            Sid: "VolumeKeyGrant",
            Action: "kms:CreateGrant",
            Resource: scope.kmsKeyArn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
        },
    ];
    if (scope.vpc !== undefined) {
        // The same VPC-mode statements as the serving and processing roles: interfaces only in the job's
        // subnets and security group, and only those interfaces may be re-permissioned or deleted.
        statements.push(...sageMakerVpcStatements({ ...scope.vpc, accountId, region, partition }));
    }
    return statements;
}

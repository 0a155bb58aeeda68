/** The Model Monitor role: the scheduled data-quality job (a Processing job running AWS's analyzer). */
import { CallManifest } from "./types";
import { AWS } from "./sources";

const CAPTURE = "arn:aws:s3:::{bucket:data-capture}";
const MODELS = "arn:aws:s3:::{bucket:model-registry}";
const JOB_LOGS = "arn:aws:logs:{region}:{account}:log-group:/aws/sagemaker/ProcessingJobs";
const ENI = "arn:aws:ec2:{region}:{account}:network-interface/eni-0123456789abcdef0";
const MONITOR = `${AWS.monitorContainer} (the analyzer runs as a Processing job with this role)`;
const viaS3 = { "kms:ViaService": "s3.{region}.amazonaws.com" };

export const MODEL_MONITOR_ROLE: CallManifest = {
    principal: "Model Monitor role",
    selector: "role:serving-monitor",
    purpose: "the endpoint's data-quality monitoring schedule (engine model-monitor, prod)",
    stacks: ["prod"],
    calls: [
        {
            action: "s3:ListBucket",
            resource: CAPTURE,
            context: { "s3:prefix": "datacapture/{endpoint}/primary/2026/11/21/00/" },
            source: `${MONITOR}: lists the hour's capture files`,
        },
        {
            action: "s3:GetObject",
            resource: `${CAPTURE}/datacapture/{endpoint}/primary/2026/11/21/00/x.jsonl`,
            source: MONITOR,
        },
        {
            action: "s3:GetObject",
            resource: `${MODELS}/monitoring/{endpoint}/baseline/statistics.json`,
            source: `${MONITOR} (baseline statistics and constraints)`,
        },
        {
            action: "s3:PutObject",
            resource: `${CAPTURE}/monitoring/{endpoint}/reports/2026/11/21/constraint_violations.json`,
            source: MONITOR,
        },
        { action: "kms:Decrypt", resource: "{key}", context: viaS3, source: AWS.s3Kms },
        { action: "kms:GenerateDataKey", resource: "{key}", context: viaS3, source: AWS.s3Kms },
        { action: "ecr:GetAuthorizationToken", resource: "*", source: AWS.processingRole },
        { action: "ecr:BatchGetImage", resource: "{analyzer-repository}", source: MONITOR },
        { action: "ecr:GetDownloadUrlForLayer", resource: "{analyzer-repository}", source: MONITOR },
        { action: "ecr:BatchCheckLayerAvailability", resource: "{analyzer-repository}", source: MONITOR },
        { action: "logs:CreateLogGroup", resource: JOB_LOGS, source: AWS.processingLogs },
        { action: "logs:CreateLogStream", resource: `${JOB_LOGS}:log-stream:job/algo-1`, source: AWS.processingLogs },
        { action: "logs:PutLogEvents", resource: `${JOB_LOGS}:log-stream:job/algo-1`, source: AWS.processingLogs },
        { action: "logs:DescribeLogStreams", resource: `${JOB_LOGS}:*`, source: AWS.processingLogs },
        {
            action: "cloudwatch:PutMetricData",
            resource: "*",
            context: { "cloudwatch:namespace": "aws/sagemaker/Endpoints/data-metrics" },
            source: `${MONITOR} (publish_cloudwatch_metrics)`,
        },
        {
            action: "cloudwatch:PutMetricData",
            resource: "*",
            context: { "cloudwatch:namespace": "/aws/sagemaker/ProcessingJobs" },
            source: `${AWS.processingRole} (instance metrics of the job)`,
        },
        {
            action: "kms:CreateGrant",
            resource: "{key}",
            context: { "kms:GrantIsForAWSResource": "true" },
            source: `${AWS.processingRole} (VolumeKmsKeyId); ${AWS.kmsGrants}`,
        },
        { action: "ec2:CreateNetworkInterface", resource: ENI, source: AWS.vpcMode },
        ...["{subnet:0}", "{subnet:1}", "{subnet:2}"].map((subnet) => ({
            action: "ec2:CreateNetworkInterface",
            resource: subnet,
            source: `${AWS.vpcMode} (the job's VpcConfig: the endpoint's subnets)`,
        })),
        { action: "ec2:CreateNetworkInterface", resource: "{security-group:serving-monitor}", source: AWS.vpcMode },
        // Only interfaces in the job's subnets (ec2:Subnet, the Service Authorization Reference's key for them).
        ...["{subnet:0}", "{subnet:1}", "{subnet:2}"].flatMap((subnet) =>
            ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"].map((action) => ({
                action,
                resource: ENI,
                context: { "ec2:Subnet": subnet },
                source: AWS.vpcMode,
            })),
        ),
        { action: "ec2:DeleteNetworkInterfacePermission", resource: "*", source: AWS.vpcMode },
        { action: "ec2:DescribeNetworkInterfaces", resource: "*", source: AWS.vpcMode },
        { action: "ec2:DescribeVpcs", resource: "*", source: AWS.vpcMode },
        { action: "ec2:DescribeDhcpOptions", resource: "*", source: AWS.vpcMode },
        { action: "ec2:DescribeSubnets", resource: "*", source: AWS.vpcMode },
        { action: "ec2:DescribeSecurityGroups", resource: "*", source: AWS.vpcMode },
    ],
    denied: [
        {
            action: "ec2:DeleteNetworkInterface",
            resource: ENI,
            context: { "ec2:Subnet": "arn:aws:ec2:{region}:{account}:subnet/subnet-0ffffffffffffffff" },
            why: "an interface outside the job's subnets",
        },
        {
            action: "s3:PutObject",
            resource: `${CAPTURE}/datacapture/{endpoint}/primary/x.jsonl`,
            why: "captures are evidence",
        },
        {
            action: "s3:DeleteObject",
            resource: `${CAPTURE}/datacapture/{endpoint}/primary/x.jsonl`,
            why: "destructive",
        },
        {
            action: "s3:PutObject",
            resource: `${MODELS}/monitoring/{endpoint}/baseline/statistics.json`,
            why: "baseline is read-only",
        },
        {
            action: "s3:GetObject",
            resource: `${MODELS}/models/{endpoint}/model.tar.gz`,
            why: "the monitor needs no model",
        },
        {
            action: "s3:ListBucket",
            resource: CAPTURE,
            context: { "s3:prefix": "datacapture/another-endpoint/" },
            why: "another endpoint's captures",
        },
        { action: "dynamodb:GetItem", resource: "{table:customer_rfm_features}", why: "the monitor reads no features" },
        {
            action: "kms:CreateGrant",
            resource: "{key}",
            why: "a grant not for an AWS resource would hand the key to anyone",
        },
        { action: "iam:PassRole", resource: "{role:serving}", why: "escalation" },
    ],
};

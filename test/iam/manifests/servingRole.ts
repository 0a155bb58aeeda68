/** The serving (endpoint execution) role: what SageMaker and the serving container call with it. */
import { CallManifest } from "./types";
import { AWS, FEAST, REPO } from "./sources";

const MODELS = "arn:aws:s3:::{bucket:model-registry}";
const REGISTRY = "arn:aws:s3:::{bucket:feature-registry}";
const CAPTURE = "arn:aws:s3:::{bucket:data-capture}";
const LOGS = "arn:aws:logs:{region}:{account}:log-group:/aws/sagemaker/Endpoints/{endpoint}";
const ENI = "arn:aws:ec2:{region}:{account}:network-interface/eni-0123456789abcdef0";
const TABLE = "{table:customer_rfm_features}";
const via = (service: string) => ({ "kms:ViaService": `${service}.{region}.amazonaws.com` });
/** The private subnets of the prod VPC (network.availabilityZones: 3). */
const SUBNETS = ["{subnet:0}", "{subnet:1}", "{subnet:2}"];

export const SERVING_ROLE: CallManifest = {
    principal: "Serving role",
    selector: "role:serving",
    purpose: "the endpoint's models: SageMaker pulls the image and artifacts with it, the container reads features",
    // Pulumi.dev.yaml ships serving.enabled: false, so only prod plans the serving role.
    stacks: ["prod"],
    calls: [
        { action: "ecr:GetAuthorizationToken", resource: "*", source: AWS.createModelRole },
        { action: "ecr:BatchGetImage", resource: "{repository}", source: AWS.createModelRole },
        { action: "ecr:GetDownloadUrlForLayer", resource: "{repository}", source: AWS.createModelRole },
        { action: "ecr:BatchCheckLayerAvailability", resource: "{repository}", source: AWS.createModelRole },
        {
            action: "s3:GetObject",
            resource: `${MODELS}/models/{endpoint}/model.tar.gz`,
            source: `${AWS.createModelRole} (ModelDataUrl)`,
        },
        { action: "kms:Decrypt", resource: "{key}", context: via("s3"), source: AWS.s3Kms },
        { action: "s3:ListBucket", resource: REGISTRY, source: `${REPO.servingFeast}: ${FEAST.registryRead}` },
        { action: "s3:GetObject", resource: `${REGISTRY}/registry.db`, source: FEAST.registryRead },
        { action: "dynamodb:BatchGetItem", resource: TABLE, source: `${REPO.servingFeast}: ${FEAST.onlineRead}` },
        { action: "dynamodb:GetItem", resource: TABLE, source: REPO.servingFeast },
        { action: "dynamodb:Query", resource: TABLE, source: REPO.servingFeast },
        { action: "kms:Decrypt", resource: "{key}", context: via("dynamodb"), source: AWS.dynamodbKms },
        {
            action: "s3:PutObject",
            resource: `${CAPTURE}/datacapture/{endpoint}/primary/2026/11/21/00/x.jsonl`,
            source: AWS.dataCapture,
            stacks: ["prod"],
        },
        {
            action: "kms:GenerateDataKey",
            resource: "{key}",
            context: via("s3"),
            source: AWS.dataCapture,
            stacks: ["prod"],
        },
        { action: "logs:CreateLogGroup", resource: LOGS, source: AWS.createModelRole },
        { action: "logs:CreateLogStream", resource: `${LOGS}:log-stream:primary/i-0123`, source: AWS.createModelRole },
        { action: "logs:PutLogEvents", resource: `${LOGS}:log-stream:primary/i-0123`, source: AWS.createModelRole },
        { action: "logs:DescribeLogStreams", resource: `${LOGS}:*`, source: AWS.createModelRole },
        {
            action: "cloudwatch:PutMetricData",
            resource: "*",
            context: { "cloudwatch:namespace": "/aws/sagemaker/Endpoints" },
            source: AWS.createModelRole,
        },
        // VPC mode (prod): ENIs in the endpoint's subnets with its security group.
        { action: "ec2:CreateNetworkInterface", resource: ENI, source: AWS.vpcMode, stacks: ["prod"] },
        ...SUBNETS.map((subnet) => ({
            action: "ec2:CreateNetworkInterface",
            resource: subnet,
            source: AWS.vpcMode,
            stacks: ["prod" as const],
        })),
        {
            action: "ec2:CreateNetworkInterface",
            resource: "{security-group:serving}",
            source: AWS.vpcMode,
            stacks: ["prod"],
        },
        ...SUBNETS.flatMap((subnet) =>
            ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"].map((action) => ({
                action,
                resource: ENI,
                context: { "ec2:Subnet": subnet },
                source: AWS.vpcMode,
                stacks: ["prod" as const],
            })),
        ),
        { action: "ec2:DeleteNetworkInterfacePermission", resource: "*", source: AWS.vpcMode, stacks: ["prod"] },
        { action: "ec2:DescribeNetworkInterfaces", resource: "*", source: AWS.vpcMode, stacks: ["prod"] },
        { action: "ec2:DescribeVpcs", resource: "*", source: AWS.vpcMode, stacks: ["prod"] },
        { action: "ec2:DescribeDhcpOptions", resource: "*", source: AWS.vpcMode, stacks: ["prod"] },
        { action: "ec2:DescribeSubnets", resource: "*", source: AWS.vpcMode, stacks: ["prod"] },
        { action: "ec2:DescribeSecurityGroups", resource: "*", source: AWS.vpcMode, stacks: ["prod"] },
    ],
    denied: [
        { action: "dynamodb:PutItem", resource: TABLE, why: "the endpoint only reads features" },
        { action: "dynamodb:Scan", resource: TABLE, why: "not a Feast call; reads the whole table" },
        { action: "dynamodb:DeleteTable", resource: TABLE, why: "destructive" },
        {
            action: "dynamodb:GetItem",
            resource: "arn:aws:dynamodb:{region}:{account}:table/customer_segmentation.other_features",
            why: "another view's table",
        },
        {
            action: "s3:PutObject",
            resource: `${REGISTRY}/registry.db`,
            why: "the registry is written by feast apply only",
        },
        { action: "s3:GetObject", resource: `${REGISTRY}/registry.db.bak`, why: "only the registry object" },
        { action: "s3:PutObject", resource: `${MODELS}/models/{endpoint}/model.tar.gz`, why: "models are read-only" },
        { action: "s3:GetObject", resource: `${MODELS}/models/another-endpoint/model.tar.gz`, why: "another endpoint" },
        {
            action: "s3:GetObject",
            resource: `${CAPTURE}/datacapture/{endpoint}/primary/x.jsonl`,
            why: "captures are write-only",
        },
        {
            action: "s3:PutObject",
            resource: `${CAPTURE}/datacapture/another-endpoint/x.jsonl`,
            why: "another endpoint",
        },
        { action: "s3:GetObject", resource: "arn:aws:s3:::{bucket:raw}/online-retail.csv", why: "raw data" },
        { action: "ecr:PutImage", resource: "{repository}", why: "pushing images is CI's job" },
        {
            action: "ecr:BatchGetImage",
            resource: "arn:aws:ecr:{region}:{account}:repository/someone-elses-images",
            why: "another repository",
        },
        { action: "kms:Decrypt", resource: "{key}", context: via("secretsmanager"), why: "not a serving path" },
        {
            action: "kms:Decrypt",
            resource: "{key}",
            context: via("ecr"),
            why: `image pulls need no key grant: ECR decrypts layers with the grants it created (${AWS.ecrKms})`,
        },
        {
            action: "logs:PutLogEvents",
            resource: "arn:aws:logs:{region}:{account}:log-group:/aws/sagemaker/Endpoints/{endpoint}-v2:log-stream:x",
            why: "an endpoint whose name starts with this one is another endpoint",
        },
        {
            action: "cloudwatch:PutMetricData",
            resource: "*",
            context: { "cloudwatch:namespace": "AWS/Billing" },
            why: "another namespace",
        },
        {
            action: "ec2:DeleteNetworkInterface",
            resource: ENI,
            context: { "ec2:Subnet": "arn:aws:ec2:{region}:{account}:subnet/subnet-0ffffffffffffffff" },
            why: "an interface outside the endpoint's subnets",
            stacks: ["prod"],
        },
        { action: "iam:PassRole", resource: "{role:serving}", why: "escalation" },
        {
            action: "sagemaker:UpdateEndpoint",
            resource: "arn:aws:sagemaker:{region}:{account}:endpoint/{endpoint}",
            why: "deploys are Pulumi's",
        },
    ],
};

/** SageMaker deployment guardrails: the blue/green update reads the rollback alarms with the serving role. */
export const DEPLOYMENT_GUARDRAILS: CallManifest = {
    principal: "SageMaker deployment guardrails (serving role)",
    selector: "role:serving",
    purpose: "canary/linear endpoint updates watch the auto-rollback alarms while traffic shifts (prod)",
    stacks: ["prod"],
    calls: ["primary", "challenger"].flatMap((variant) =>
        ["5xx-errors", "model-latency"].map((alarm) => ({
            action: "cloudwatch:DescribeAlarms",
            resource: `arn:aws:cloudwatch:{region}:{account}:alarm:{endpoint}-${variant}-${alarm}`,
            source: `${AWS.guardrails}: "permission to perform the cloudwatch:DescribeAlarms action"`,
        })),
    ),
    denied: [
        {
            action: "cloudwatch:DescribeAlarms",
            resource: "arn:aws:cloudwatch:{region}:{account}:alarm:{endpoint}-drift-recency",
            why: "only the rollback alarms",
        },
        {
            action: "cloudwatch:DeleteAlarms",
            resource: "arn:aws:cloudwatch:{region}:{account}:alarm:{endpoint}-primary-5xx-errors",
            why: "deleting a rollback alarm would disable the rollback",
        },
        {
            action: "cloudwatch:SetAlarmState",
            resource: "arn:aws:cloudwatch:{region}:{account}:alarm:{endpoint}-primary-5xx-errors",
            why: "forcing an alarm state would trigger or suppress a rollback",
        },
    ],
};

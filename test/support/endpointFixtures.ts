/** The ModelEndpoint specs' inputs (dev and prod arguments), resource types and readers. */
import * as assert from "assert";
import { ModelEndpointArgs } from "../../components/serving/modelEndpoint";
import { ResourceRecorder } from "../../tools/plan/recorder";

export const ACCOUNT = "123456789012";
export const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-4333-a444-555555555555`;
export const REPO_URL = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/models-abc1234`;
export const REPO_ARN = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/models-abc1234`;
export const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/customer_segmentation.customer_rfm_features`;
export const DIGEST = `sha256:${"ab".repeat(32)}`;

export const T = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    model: "aws:sagemaker/model:Model",
    config: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
    endpoint: "aws:sagemaker/endpoint:Endpoint",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    target: "aws:appautoscaling/target:Target",
    scaling: "aws:appautoscaling/policy:Policy",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    group: "aws:sagemaker/modelPackageGroup:ModelPackageGroup",
    scalingKey: "pulumi-nodejs:dynamic:Resource",
};

export const common = {
    repositoryUrl: REPO_URL,
    repositoryArn: REPO_ARN,
    kmsKeyArn: KEY,
    modelBucketName: "model-registry-bucket",
    modelBucketArn: "arn:aws:s3:::model-registry-bucket",
    featureTableArns: [TABLE],
    dataCaptureBucketName: "capture-bucket",
    dataCaptureBucketArn: "arn:aws:s3:::capture-bucket",
};

/** The dev endpoint: one small instance, image by tag, capture off, plain updates. */
export const devEndpointArgs: ModelEndpointArgs = {
    ...common,
    environment: "dev",
    endpointName: "customer-segmentation-dev",
    image: { tag: "v0.0" },
    variants: [
        {
            name: "primary",
            instanceType: "ml.t2.medium",
            modelDataKey: "customer_segment-v0.0.tar.gz",
            environment: { LOG_LEVEL: "debug" },
        },
    ],
    environmentVariables: { FEAST_PROJECT: "customer_segmentation" },
    tags: { team: "ml" },
};

/** Prod's A/B variants, 90/10, the primary autoscaled (also the prod serving config's: servingConfigFixtures.ts). */
export const PROD_VARIANTS = [
    {
        name: "primary",
        instanceType: "ml.m5.large",
        initialInstanceCount: 2,
        weight: 0.9,
        autoscaling: { minInstances: 2, maxInstances: 6, invocationsPerInstance: 1000 },
    },
    { name: "challenger", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.1 },
];

/** The prod endpoint: A/B 90/10, autoscaling primary, capture on, canary, VPC. */
export const prodEndpointArgs: ModelEndpointArgs = {
    ...common,
    environment: "prod",
    endpointName: "customer-segmentation",
    image: { digest: DIGEST },
    variants: PROD_VARIANTS,
    dataCapture: { enabled: true, samplingPercentage: 20 },
    deployment: { strategy: "canary", canaryPercent: 10, waitMinutes: 10, terminationWaitMinutes: 10 },
    alarms: { max5xxErrors: 3, maxModelLatencyMs: 500 },
    // Prod requires monitoring with capture; test/serving/modelMonitor.spec.ts covers engine model-monitor.
    monitoring: { engine: "external" },
    alarmActions: ["arn:aws:sns:us-east-1:123456789012:oncall"],
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
};

export const customCount = (rec: ResourceRecorder) => {
    const counts: Record<string, number> = {};
    for (const r of rec.resources.filter((r) => r.custom)) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
};
/** The models' security group id, as the models reference it (checked to be the component's own group). */
export function securityGroupId(rec: ResourceRecorder): string {
    const model = rec.named(T.model, "serving-primary");
    const [id] = (model.inputs.vpcConfig as { securityGroupIds: string[] }).securityGroupIds;
    assert.match(id, /^sg-[0-9a-f]{17}$/);
    assert.ok(model.dependencies.includes(rec.named(T.sg, "serving").urn));
    return id;
}

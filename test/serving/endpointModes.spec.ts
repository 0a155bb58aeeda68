/**
 * ModelEndpoint in each serving mode, exact inputs: a variant serving a model package version
 * (and the group's registration policy, proven with the IAM evaluator), a shadow variant, a rolling
 * update, and an asynchronous endpoint (output config, topics, backlog scaling, the role's grants).
 */
import * as assert from "assert";
import { simulate } from "../iam/simulate";
import { ModelEndpoint, ModelEndpointArgs } from "../../components/serving/modelEndpoint";
import { autoscalingKey } from "../../components/serving/scalingTargetKey";
import { resolveVariants } from "../../components/serving/servingSpec";
import { EncryptionKey } from "../../components/storage/encryptionKey";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { policyOf, sids, statement } from "../support/helpers";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-4333-a444-555555555555`;
const PROCESSING_ROLE = `arn:aws:iam::${ACCOUNT}:role/mlops-dev-airflow-processing-1234567`;
const GROUP_ARN = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package-group/segmentation`;
const PREDICTIONS = "predictions-bucket";

const base: ModelEndpointArgs = {
    environment: "dev",
    endpointName: "segmentation",
    image: { tag: "v1" },
    variants: [{ name: "primary", instanceType: "ml.m5.large", initialInstanceCount: 1 }],
    repositoryUrl: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/models-abc1234`,
    repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/models-abc1234`,
    kmsKeyArn: KEY,
    modelBucketName: "model-registry-bucket",
    modelBucketArn: "arn:aws:s3:::model-registry-bucket",
    featureTableArns: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/customer_segmentation.customer_rfm_features`],
    asyncBucketName: PREDICTIONS,
    asyncBucketArn: `arn:aws:s3:::${PREDICTIONS}`,
    packageRegistrarRoleArns: [PROCESSING_ROLE],
};

async function plan(args: Partial<ModelEndpointArgs>, withStackKey = false): Promise<ResourceRecorder> {
    const rec = startMockRun({ stack: "dev" });
    // The real stack key, where a test needs its key policy (KMS needs the key policy to allow as well).
    const kmsKeyArn = withStackKey ? new EncryptionKey("key", { environment: "dev" }).keyArn : KEY;
    new ModelEndpoint("serving", { ...base, kmsKeyArn, ...args });
    await settle();
    return rec;
}

/** A recorded resource's inputs or outputs, as the engine received them. */
const plain = (v: unknown) => v as Record<string, any>;

const T = {
    model: "aws:sagemaker/model:Model",
    config: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
    endpoint: "aws:sagemaker/endpoint:Endpoint",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    target: "aws:appautoscaling/target:Target",
    scaling: "aws:appautoscaling/policy:Policy",
    topic: "aws:sns/topic:Topic",
    group: "aws:sagemaker/modelPackageGroup:ModelPackageGroup",
    groupPolicy: "aws:sagemaker/modelPackageGroupPolicy:ModelPackageGroupPolicy",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    scalingKey: "pulumi-nodejs:dynamic:Resource",
};

describe("ModelEndpoint serving modes", () => {
    describe("model registry: a package group per endpoint, a variant serving a version", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = await plan({
                variants: [
                    { name: "primary", instanceType: "ml.m5.large", initialInstanceCount: 1, modelPackageVersion: 3 },
                    { name: "challenger", instanceType: "ml.m5.large", initialInstanceCount: 1, weight: 0.1 },
                ],
            });
        });

        it("creates the group named after the endpoint", () =>
            assert.deepStrictEqual(rec.named(T.group, "serving-packages").inputs, {
                modelPackageGroupName: "segmentation",
                modelPackageGroupDescription: "Registered versions of the model served by endpoint segmentation",
                tags: { environment: "dev", "managed-by": "pulumi" },
            }));

        it("lets exactly the pipeline role register versions (no approval)", () =>
            assert.deepStrictEqual(policyOf(rec.named(T.groupPolicy, "serving-packages"), "resourcePolicy").Statement, [
                {
                    Effect: "Allow",
                    Sid: "PipelineRegistersVersions",
                    Principal: { AWS: [PROCESSING_ROLE] },
                    Action: [
                        "sagemaker:CreateModelPackage",
                        "sagemaker:DescribeModelPackage",
                        "sagemaker:DescribeModelPackageGroup",
                        "sagemaker:ListModelPackages",
                    ],
                    Resource: [GROUP_ARN, `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/segmentation/*`],
                    Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } },
                },
            ]));

        it("the package variant's container names only the version (no image, no artifact) and its lineage", () =>
            assert.deepStrictEqual(rec.named(T.model, "serving-primary").inputs.primaryContainer, {
                modelPackageName: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/segmentation/3`,
                environment: {
                    MODEL_IMAGE: "package",
                    MODEL_ARTIFACT_KEY: "package",
                    MODEL_VARIANT: "primary",
                    MODEL_PACKAGE: "segmentation/3",
                },
            }));

        it("tags the package variant's Model with the version, the image variant's with its tag", () => {
            const tags = (n: string) => plain(rec.named(T.model, n).inputs.tags);
            assert.strictEqual(tags("serving-primary")["mlops-platform:model-package"], "segmentation/3");
            assert.strictEqual(tags("serving-challenger")["mlops-platform:model-image"], "tag:v1");
            assert.strictEqual(tags("serving-challenger")["mlops-platform:model-package"], undefined);
            assert.strictEqual(
                plain(rec.named(T.model, "serving-challenger").inputs.primaryContainer).image,
                `${base.repositoryUrl}:v1`,
            );
        });

        describe("the group policy in the IAM evaluator (no identity policy: same account)", () => {
            let groupPolicy: unknown;
            before(() => {
                groupPolicy = policyOf(rec.named(T.groupPolicy, "serving-packages"), "resourcePolicy");
            });
            const decide = (principal: string, action: string, resource: string) =>
                simulate({
                    principal,
                    action,
                    resource,
                    resourceAccount: ACCOUNT,
                    identityPolicies: [],
                    resourcePolicy: groupPolicy,
                });
            it("the processing role registers and reads versions", async () => {
                for (const action of ["sagemaker:CreateModelPackage", "sagemaker:DescribeModelPackage"])
                    assert.strictEqual(
                        await decide(PROCESSING_ROLE, action, `${GROUP_ARN.replace("-group", "")}/4`),
                        "Allowed",
                    );
                assert.strictEqual(
                    await decide(PROCESSING_ROLE, "sagemaker:DescribeModelPackageGroup", GROUP_ARN),
                    "Allowed",
                );
            });
            it("it cannot approve a version, and another role gets nothing", async () => {
                const version = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/segmentation/4`;
                assert.notStrictEqual(
                    await decide(PROCESSING_ROLE, "sagemaker:UpdateModelPackage", version),
                    "Allowed",
                );
                assert.notStrictEqual(
                    await decide(`arn:aws:iam::${ACCOUNT}:role/other`, "sagemaker:CreateModelPackage", version),
                    "Allowed",
                );
            });
        });
    });

    describe("shadow variant", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = await plan({
                shadowVariants: [{ name: "challenger", instanceType: "ml.m5.xlarge", initialInstanceCount: 1 }],
                deployment: { strategy: "all-at-once" },
            });
        });
        it("one production and one shadow variant, each with its own Model", () => {
            const config = rec.named(T.config, "serving").inputs;
            assert.deepStrictEqual(config.productionVariants, [
                {
                    variantName: "primary",
                    modelName: rec.named(T.model, "serving-primary").outputs.name,
                    instanceType: "ml.m5.large",
                    initialInstanceCount: 1,
                    initialVariantWeight: 1,
                },
            ]);
            assert.deepStrictEqual(config.shadowProductionVariants, [
                {
                    variantName: "challenger",
                    modelName: rec.named(T.model, "serving-challenger").outputs.name,
                    instanceType: "ml.m5.xlarge",
                    initialInstanceCount: 1,
                    initialVariantWeight: 1,
                },
            ]);
        });
        it("rollback alarms watch the production variant only (the shadow's answers are not served)", () =>
            assert.deepStrictEqual(
                rec.resources.filter((r) => r.type === T.alarm).map((a) => a.inputs.name),
                ["segmentation-primary-5xx-errors", "segmentation-primary-model-latency"],
            ));
    });

    describe("rolling deployment", () => {
        it("renders rollingUpdatePolicy with batches, baking period, rollback batch and timeout", async () => {
            const rec = await plan({
                deployment: { strategy: "rolling", batchPercent: 25, rollbackBatchPercent: 50, waitMinutes: 4 },
            });
            assert.deepStrictEqual(rec.named(T.endpoint, "serving").inputs.deploymentConfig, {
                rollingUpdatePolicy: {
                    maximumBatchSize: { type: "CAPACITY_PERCENT", value: 25 },
                    waitIntervalInSeconds: 240,
                    maximumExecutionTimeoutInSeconds: 3600,
                    rollbackMaximumBatchSize: { type: "CAPACITY_PERCENT", value: 50 },
                },
                autoRollbackConfiguration: {
                    alarms: [
                        { alarmName: "segmentation-primary-5xx-errors" },
                        { alarmName: "segmentation-primary-model-latency" },
                    ],
                },
            });
        });
    });

    describe("asynchronous inference", () => {
        let rec: ResourceRecorder;
        let keyArn: string;
        before(async () => {
            rec = await plan(
                {
                    asyncInference: {
                        maxConcurrentInvocationsPerInstance: 4,
                        notifications: true,
                        scaling: { minInstances: 0, maxInstances: 3, backlogPerInstance: 5 },
                    },
                },
                true,
            );
            keyArn = plain(rec.named("aws:kms/key:Key", "key").outputs).arn;
        });
        const topicArn = (kind: string): string => plain(rec.named(T.topic, `serving-async-${kind}`).outputs).arn;

        it("writes responses and failures under async/<endpoint>/ of the predictions bucket, with the stack key", () =>
            assert.deepStrictEqual(rec.named(T.config, "serving").inputs.asyncInferenceConfig, {
                clientConfig: { maxConcurrentInvocationsPerInstance: 4 },
                outputConfig: {
                    s3OutputPath: `s3://${PREDICTIONS}/async/segmentation/output/`,
                    s3FailurePath: `s3://${PREDICTIONS}/async/segmentation/failure/`,
                    kmsKeyId: keyArn,
                    notificationConfig: { successTopic: topicArn("success"), errorTopic: topicArn("error") },
                },
            }));

        it("its success and error topics are encrypted with the stack key", () => {
            for (const kind of ["success", "error"])
                assert.strictEqual(rec.named(T.topic, `serving-async-${kind}`).inputs.kmsMasterKeyId, keyArn);
        });

        it("scales on the backlog down to zero, and from zero on HasBacklogWithoutCapacity", () => {
            const target = rec.named(T.target, "serving-primary").inputs;
            assert.strictEqual(target.minCapacity, 0);
            assert.strictEqual(target.maxCapacity, 3);
            assert.deepStrictEqual(
                rec.named(T.scaling, "serving-primary-backlog").inputs.targetTrackingScalingPolicyConfiguration,
                {
                    targetValue: 5,
                    customizedMetricSpecification: {
                        metricName: "ApproximateBacklogSizePerInstance",
                        namespace: "AWS/SageMaker",
                        dimensions: [{ name: "EndpointName", value: "segmentation" }],
                        statistic: "Average",
                    },
                    scaleInCooldown: 600,
                    scaleOutCooldown: 300,
                },
            );
            const fromZero = rec.named(T.scaling, "serving-primary-from-zero");
            assert.deepStrictEqual(plain(fromZero.inputs).stepScalingPolicyConfiguration.stepAdjustments, [
                { metricIntervalLowerBound: "0", scalingAdjustment: 1 },
            ]);
            const alarm = rec.named(T.alarm, "serving-primary-backlog-without-capacity").inputs;
            assert.strictEqual(alarm.metricName, "HasBacklogWithoutCapacity");
            assert.deepStrictEqual(alarm.alarmActions, [fromZero.outputs.arn]);
            assert.strictEqual(
                rec.resources.filter((r) => r.type === T.scaling && /invocations/i.test(JSON.stringify(r.inputs)))
                    .length,
                0,
            );
        });

        it("backlog scaling goes through the autoscaling key: deregistered before an instance-type change", () => {
            const key = rec.named(T.scalingKey, "serving-autoscaling-key");
            // Every variant of a backlog-scaled endpoint is a target, though none declares `autoscaling`.
            assert.strictEqual(key.inputs.key, "primary=ml.m5.large");
            assert.strictEqual(autoscalingKey(resolveVariants("dev", base), true), "primary=ml.m5.large");
            assert.strictEqual(autoscalingKey(resolveVariants("dev", base)), "none");
            const endpoint = rec.named(T.endpoint, "serving");
            const target = rec.named(T.target, "serving-primary");
            assert.ok(endpoint.dependencies.includes(key.urn), "the endpoint updates after the key");
            assert.ok(target.propertyDependencies.resourceId.includes(key.urn), "resourceId reads the key");
            assert.ok(target.propertyDependencies.resourceId.includes(endpoint.urn), "and the endpoint");
            assert.strictEqual(target.deleteBeforeReplace, true);
            for (const policy of ["serving-primary-backlog", "serving-primary-from-zero"]) {
                const p = rec.named(T.scaling, policy);
                assert.ok(p.propertyDependencies.resourceId.includes(target.urn), policy);
                assert.strictEqual(p.deleteBeforeReplace, true, policy);
            }
        });

        it("the role reads queued requests, writes responses and failures, publishes to its topics", () => {
            const policy = rec.named(T.rolePolicy, "serving");
            assert.deepStrictEqual(
                sids(policy).filter((s) => s?.startsWith("Async")),
                ["AsyncReadRequests", "AsyncWriteResponses", "AsyncNotify"],
            );
            assert.deepStrictEqual(statement(policy, "AsyncWriteResponses").Resource, [
                `arn:aws:s3:::${PREDICTIONS}/async/segmentation/output/*`,
                `arn:aws:s3:::${PREDICTIONS}/async/segmentation/failure/*`,
            ]);
            assert.deepStrictEqual(statement(policy, "AsyncNotify").Resource, [topicArn("success"), topicArn("error")]);
        });

        describe("the role in the IAM evaluator", () => {
            let identity: unknown;
            let keyPolicy: unknown;
            let roleArn: string;
            before(() => {
                identity = policyOf(rec.named(T.rolePolicy, "serving"));
                keyPolicy = policyOf(rec.named("aws:kms/key:Key", "key"));
                roleArn = plain(rec.named("aws:iam/role:Role", "serving").outputs).arn;
            });
            const decide = (action: string, resource: string, context?: Record<string, string>) =>
                simulate({
                    principal: roleArn,
                    action,
                    resource,
                    resourceAccount: ACCOUNT,
                    identityPolicies: [identity],
                    ...(action.startsWith("kms:") ? { resourcePolicy: keyPolicy } : {}),
                    ...(context !== undefined ? { context } : {}),
                });
            it("allows the asynchronous calls on the endpoint's prefixes and topics", async () => {
                const obj = (k: string) => `arn:aws:s3:::${PREDICTIONS}/async/segmentation/${k}`;
                // The stack key admits SNS (KEY_USING_SERVICES) and the role asks for it only through SNS and S3.
                const viaSns = { "kms:ViaService": "sns.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT };
                const calls: [string, string, Record<string, string>?][] = [
                    ["s3:GetObject", obj("input/req-1.json")],
                    ["s3:PutObject", obj("output/req-1.out")],
                    ["s3:PutObject", obj("failure/req-1.err")],
                    ["sns:Publish", topicArn("error")],
                    ["kms:GenerateDataKey", keyArn, viaSns],
                ];
                for (const [action, resource, context] of calls)
                    assert.strictEqual(await decide(action, resource, context), "Allowed", `${action} on ${resource}`);
            });
            it("denies writes outside them, reads of responses, other topics", async () => {
                assert.notStrictEqual(
                    await decide("s3:PutObject", `arn:aws:s3:::${PREDICTIONS}/async/other/output/x`),
                    "Allowed",
                );
                assert.notStrictEqual(
                    await decide("s3:PutObject", `arn:aws:s3:::${PREDICTIONS}/async/segmentation/input/x`),
                    "Allowed",
                );
                assert.notStrictEqual(
                    await decide("sns:Publish", `arn:aws:sns:us-east-1:${ACCOUNT}:someone-elses`),
                    "Allowed",
                );
            });
        });
    });

    it("asynchronous inference without its bucket is a ConfigError naming the arguments", () => {
        startMockRun({ stack: "dev" });
        assert.throws(
            () =>
                new ModelEndpoint("serving", {
                    ...base,
                    asyncBucketName: undefined,
                    asyncBucketArn: undefined,
                    asyncInference: {},
                }),
            /asyncBucketName\/asyncBucketArn: are required when asyncInference is set/,
        );
    });
});

import * as assert from "assert";
import { simulate } from "../iam/simulate";
import { ConfigError } from "../../components/core/configErrors";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { autoscalingKey, scalingKeyDiff } from "../../components/serving/scalingTargetKey";
import { ModelEndpoint, ModelEndpointArgs } from "../../components/serving/modelEndpoint";
import { resolveVariants } from "../../components/serving/servingSpec";
import { MlopsPlatform } from "../../components/platform/mlopsPlatform";
import { PlannedResource, ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { policyOf, sids, statement } from "../support/helpers";
import { SERVERLESS_NETWORK } from "../support/platformConfigFixtures";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-4333-a444-555555555555`;
const REPO_URL = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/models-abc1234`;
const REPO_ARN = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/models-abc1234`;
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/customer_segmentation.customer_rfm_features`;
const DIGEST = `sha256:${"ab".repeat(32)}`;

const T = {
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

const common = {
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

/** The prod endpoint: A/B 90/10, autoscaling primary, capture on, canary, VPC. */
export const prodEndpointArgs: ModelEndpointArgs = {
    ...common,
    environment: "prod",
    endpointName: "customer-segmentation",
    image: { digest: DIGEST },
    variants: [
        {
            name: "primary",
            instanceType: "ml.m5.large",
            initialInstanceCount: 2,
            weight: 0.9,
            autoscaling: { minInstances: 2, maxInstances: 6, invocationsPerInstance: 1000 },
        },
        { name: "challenger", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.1 },
    ],
    dataCapture: { enabled: true, samplingPercentage: 20 },
    deployment: { strategy: "canary", canaryPercent: 10, waitMinutes: 10, terminationWaitMinutes: 10 },
    alarms: { max5xxErrors: 3, maxModelLatencyMs: 500 },
    // Prod requires monitoring with capture; test/serving/modelMonitor.spec.ts covers engine model-monitor.
    monitoring: { engine: "external" },
    alarmActions: ["arn:aws:sns:us-east-1:123456789012:oncall"],
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
};

const customCount = (rec: ResourceRecorder) => {
    const counts: Record<string, number> = {};
    for (const r of rec.resources.filter((r) => r.custom)) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
};

describe("ModelEndpoint", () => {
    describe("dev: one instance, tag, no capture, no deployment config", () => {
        let rec: ResourceRecorder;
        let endpoint: ModelEndpoint;
        before(async () => {
            rec = startMockRun({ stack: "dev" });
            endpoint = new ModelEndpoint("serving", devEndpointArgs);
            await settle();
        });

        it("registers exactly role, policy, model, config, endpoint, two alarms, package group, scaling key", () => {
            assert.deepStrictEqual(customCount(rec), {
                [T.role]: 1,
                [T.rolePolicy]: 1,
                [T.group]: 1,
                [T.model]: 1,
                [T.config]: 1,
                [T.endpoint]: 1,
                [T.alarm]: 2,
                // Instance-based: the key (none) exists so adding autoscaling later orders the same way.
                [T.scalingKey]: 1,
            });
            const component = rec.named("mlops-platform:index:ModelEndpoint", "serving");
            for (const r of rec.resources.filter((r) => r.custom)) {
                assert.strictEqual(r.parent, component.urn, r.name);
                assert.strictEqual(r.protect, false, r.name);
            }
        });

        it("trusts SageMaker for this account only", () => {
            const role = rec.named(T.role, "serving");
            assert.deepStrictEqual(policyOf(role, "assumeRolePolicy").Statement, [
                {
                    Effect: "Allow",
                    Sid: "AssumeByServiceForThisAccount",
                    Principal: { Service: ["sagemaker.amazonaws.com"] },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ]);
            assert.deepStrictEqual(role.inputs.tags, { environment: "dev", "managed-by": "pulumi", team: "ml" });
        });

        it("grants exactly the serving steps, nothing for capture or VPC", () => {
            const policy = rec.named(T.rolePolicy, "serving");
            assert.deepStrictEqual(policyOf(policy).Statement, [
                {
                    Effect: "Allow",
                    Sid: "PullServingImage",
                    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
                    Resource: REPO_ARN,
                },
                { Effect: "Allow", Sid: "EcrAuthorizationToken", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                {
                    Effect: "Allow",
                    Sid: "ReadModelArtifacts",
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::model-registry-bucket/models/customer-segmentation-dev/*",
                },
                {
                    Effect: "Allow",
                    Sid: "ReadOnlineFeatures",
                    Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"],
                    Resource: [TABLE],
                },
                {
                    Effect: "Allow",
                    Sid: "EndpointLogs",
                    Action: [
                        "logs:CreateLogGroup",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "logs:DescribeLogStreams",
                    ],
                    Resource: [
                        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints/customer-segmentation-dev`,
                        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints/customer-segmentation-dev:*`,
                    ],
                },
                {
                    // Issue 11 item 1: in AWS's CreateModel execution-role policy; no alarms to describe without a
                    // deployment.
                    Effect: "Allow",
                    Sid: "PublishEndpointMetrics",
                    Action: "cloudwatch:PutMetricData",
                    Resource: "*",
                    Condition: { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } },
                },
                {
                    Effect: "Allow",
                    Sid: "UseStackKey",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: KEY,
                    Condition: {
                        StringEquals: {
                            "kms:ViaService": ["s3.us-east-1.amazonaws.com", "dynamodb.us-east-1.amazonaws.com"],
                        },
                    },
                },
            ]);
            assert.strictEqual(policy.inputs.role, rec.named(T.role, "serving").outputs.name);
        });

        it(
            "models are auto-named, image by tag, artifact under the endpoint's prefix, environments merged, " +
                "after the role policy",
            () => {
                const model = rec.named(T.model, "serving-primary");
                assert.deepStrictEqual(model.inputs, {
                    executionRoleArn: rec.named(T.role, "serving").outputs.arn,
                    primaryContainer: {
                        image: `${REPO_URL}:v0.0`,
                        mode: "SingleModel",
                        modelDataUrl:
                            "s3://model-registry-bucket/models/customer-segmentation-dev/customer_segment-v0.0.tar.gz",
                        // Lineage (components/serving/lineage.ts) is added last: a caller cannot override it.
                        environment: {
                            FEAST_PROJECT: "customer_segmentation",
                            LOG_LEVEL: "debug",
                            MODEL_IMAGE: "tag:v0.0",
                            MODEL_ARTIFACT_KEY: "models/customer-segmentation-dev/customer_segment-v0.0.tar.gz",
                            MODEL_VARIANT: "primary",
                        },
                    },
                    enableNetworkIsolation: false,
                    tags: {
                        environment: "dev",
                        "managed-by": "pulumi",
                        team: "ml",
                        "mlops-platform:model-image": "tag:v0.0",
                        "mlops-platform:model-artifact":
                            "models/customer-segmentation-dev/customer_segment-v0.0.tar.gz",
                        "mlops-platform:variant": "primary",
                    },
                });
                assert.ok(
                    model.dependencies.includes(rec.named(T.rolePolicy, "serving").urn),
                    "model waits for the role policy",
                );
            },
        );

        it("endpoint configuration: auto-named, KMS, one instance variant with weight 1, no capture", () => {
            const config = rec.named(T.config, "serving");
            assert.deepStrictEqual(config.inputs, {
                kmsKeyArn: KEY,
                productionVariants: [
                    {
                        variantName: "primary",
                        modelName: rec.named(T.model, "serving-primary").outputs.name,
                        instanceType: "ml.t2.medium",
                        initialInstanceCount: 1,
                        initialVariantWeight: 1,
                    },
                ],
                tags: { environment: "dev", "managed-by": "pulumi", team: "ml" },
            });
        });

        it("endpoint: stable name, the config's auto name, no deployment config, custom timeouts", () => {
            const ep = rec.named(T.endpoint, "serving");
            assert.deepStrictEqual(ep.inputs, {
                name: "customer-segmentation-dev",
                endpointConfigName: rec.named(T.config, "serving").outputs.name,
                tags: { environment: "dev", "managed-by": "pulumi", team: "ml" },
            });
            assert.deepStrictEqual(ep.customTimeouts, { create: "60m", update: "60m", delete: "30m" });
        });

        it("outputs names, role and the expected endpoint for the verifier", async () => {
            assert.strictEqual(await valueOf(endpoint.endpointName), "customer-segmentation-dev");
            assert.strictEqual(
                await valueOf(endpoint.endpointArn),
                "arn:aws:sagemaker:us-east-1:123456789012:endpoint/customer-segmentation-dev",
            );
            assert.strictEqual(await valueOf(endpoint.roleArn), rec.named(T.role, "serving").outputs.arn);
            assert.deepStrictEqual(await valueOf(endpoint.expected), {
                endpointName: "customer-segmentation-dev",
                endpointConfigName: rec.named(T.config, "serving").outputs.name,
                image: { tag: "v0.0" },
                variants: [{ name: "primary", instanceType: "ml.t2.medium", initialInstanceCount: 1, weight: 1 }],
                lineage: {
                    primary: {
                        image: "tag:v0.0",
                        artifact: "models/customer-segmentation-dev/customer_segment-v0.0.tar.gz",
                        variant: "primary",
                    },
                },
                modelPackageGroupName: "customer-segmentation-dev",
                dataCapture: { enabled: false, samplingPercentage: 20, destinationPrefix: "datacapture" },
            });
            assert.strictEqual(endpoint.dataCaptureDestination, undefined);
        });
    });

    describe("prod: A/B variants, capture, canary with rollback alarms, autoscaling, VPC", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "prod" });
            new ModelEndpoint("serving", prodEndpointArgs);
            await settle();
        });

        it("registers two models, four alarms, a scaling target, policy and key, a security group, the group", () => {
            assert.deepStrictEqual(customCount(rec), {
                [T.role]: 1,
                [T.rolePolicy]: 1,
                [T.sg]: 1,
                [T.group]: 1,
                [T.model]: 2,
                [T.config]: 1,
                [T.endpoint]: 1,
                [T.alarm]: 4,
                [T.target]: 1,
                [T.scaling]: 1,
                [T.scalingKey]: 1,
            });
            // Replaceable children are never protected, even in prod; the package group holds the release history.
            for (const r of rec.resources.filter((r) => r.custom))
                assert.strictEqual(r.protect, r.type === T.group, r.name);
        });

        it("adds capture writes under the endpoint's prefix and scoped VPC ENI actions", () => {
            const policy = rec.named(T.rolePolicy, "serving");
            assert.deepStrictEqual(sids(policy), [
                "PullServingImage",
                "EcrAuthorizationToken",
                "ReadModelArtifacts",
                "ReadOnlineFeatures",
                "WriteDataCapture",
                "EndpointLogs",
                "PublishEndpointMetrics",
                "DescribeRollbackAlarms",
                "UseStackKey",
                "VpcCreateNetworkInterfaces",
                "VpcManageOwnNetworkInterfaces",
                "VpcDescribe",
                "VpcNetworkInterfacePermissionCleanup",
            ]);
            assert.deepStrictEqual(statement(policy, "WriteDataCapture"), {
                Effect: "Allow",
                Sid: "WriteDataCapture",
                Action: "s3:PutObject",
                Resource: "arn:aws:s3:::capture-bucket/datacapture/customer-segmentation/*",
            });
            const subnets = [
                `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0123456789abcdef0`,
                `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0123456789abcdef1`,
            ];
            // Issue 11: creation is scoped by the subnet and group resources; permission changes and deletes by the
            // interface's ec2:Subnet, so no other interface of the account can be deleted or re-permissioned.
            assert.deepStrictEqual(statement(policy, "VpcCreateNetworkInterfaces"), {
                Effect: "Allow",
                Sid: "VpcCreateNetworkInterfaces",
                Action: "ec2:CreateNetworkInterface",
                Resource: [
                    `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/*`,
                    `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${securityGroupId(rec)}`,
                    ...subnets,
                ],
            });
            assert.deepStrictEqual(statement(policy, "VpcManageOwnNetworkInterfaces"), {
                Effect: "Allow",
                Sid: "VpcManageOwnNetworkInterfaces",
                Action: ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"],
                Resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/*`,
                Condition: { ArnEquals: { "ec2:Subnet": subnets } },
            });
            // The request names a permission id, not an interface: only "*" matches it.
            assert.deepStrictEqual(statement(policy, "VpcNetworkInterfacePermissionCleanup"), {
                Effect: "Allow",
                Sid: "VpcNetworkInterfacePermissionCleanup",
                Action: "ec2:DeleteNetworkInterfacePermission",
                Resource: "*",
            });
            assert.deepStrictEqual(statement(policy, "VpcDescribe").Action, [
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeVpcs",
                "ec2:DescribeDhcpOptions",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
            ]);
        });

        it("simulated: may delete and re-permission only network interfaces in its own subnets (issue 11)", async () => {
            const eni = `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/eni-0123`;
            const asRole = (action: string, resource: string, subnet?: string) =>
                simulate({
                    principal: `arn:aws:iam::${ACCOUNT}:role/serving`,
                    action,
                    resource,
                    resourceAccount: ACCOUNT,
                    identityPolicies: [policyOf(rec.named(T.rolePolicy, "serving"))],
                    context:
                        subnet !== undefined
                            ? { "ec2:Subnet": `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/${subnet}` }
                            : {},
                });
            for (const action of ["ec2:DeleteNetworkInterface", "ec2:CreateNetworkInterfacePermission"]) {
                assert.strictEqual(await asRole(action, eni, "subnet-0123456789abcdef1"), "Allowed", action);
                assert.notStrictEqual(await asRole(action, eni, "subnet-0fffffffffffffff0"), "Allowed", action);
            }
            assert.strictEqual(
                await asRole(
                    "ec2:CreateNetworkInterface",
                    `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0123456789abcdef0`,
                ),
                "Allowed",
            );
            assert.notStrictEqual(
                await asRole(
                    "ec2:CreateNetworkInterface",
                    `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0fffffffffffffff0`,
                ),
                "Allowed",
            );
        });

        it("security group: no ingress, HTTPS egress only", () => {
            const sg = rec.named(T.sg, "serving");
            assert.strictEqual(sg.inputs.vpcId, "vpc-0123456789abcdef0");
            assert.strictEqual(sg.inputs.ingress, undefined);
            assert.deepStrictEqual(sg.inputs.egress, [
                {
                    description: "HTTPS to AWS service endpoints",
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: ["0.0.0.0/0"],
                },
            ]);
        });

        it("models pin the image by digest and run in the private subnets", () => {
            for (const variant of ["primary", "challenger"]) {
                const model = rec.named(T.model, `serving-${variant}`);
                assert.strictEqual((model.inputs.primaryContainer as { image: string }).image, `${REPO_URL}@${DIGEST}`);
                assert.deepStrictEqual(model.inputs.vpcConfig, {
                    securityGroupIds: [securityGroupId(rec)],
                    subnets: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
                });
                assert.strictEqual(model.inputs.name, undefined);
            }
        });

        it("endpoint configuration: weighted variants and KMS-encrypted 20% capture into the capture bucket", () => {
            const config = rec.named(T.config, "serving");
            assert.strictEqual(config.inputs.name, undefined);
            assert.deepStrictEqual(config.inputs.productionVariants, [
                {
                    variantName: "primary",
                    modelName: rec.named(T.model, "serving-primary").outputs.name,
                    instanceType: "ml.m5.large",
                    initialInstanceCount: 2,
                    initialVariantWeight: 0.9,
                },
                {
                    variantName: "challenger",
                    modelName: rec.named(T.model, "serving-challenger").outputs.name,
                    instanceType: "ml.m5.large",
                    initialInstanceCount: 2,
                    initialVariantWeight: 0.1,
                },
            ]);
            assert.deepStrictEqual(config.inputs.dataCaptureConfig, {
                enableCapture: true,
                initialSamplingPercentage: 20,
                destinationS3Uri: "s3://capture-bucket/datacapture",
                kmsKeyId: KEY,
                captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
                captureContentTypeHeader: { csvContentTypes: ["text/csv"], jsonContentTypes: ["application/json"] },
            });
        });

        it("alarms: 5XX errors and p99 latency per variant, named after the endpoint", () => {
            assert.deepStrictEqual(
                rec.ofType(T.alarm).map((a) => a.inputs.name),
                [
                    "customer-segmentation-primary-5xx-errors",
                    "customer-segmentation-primary-model-latency",
                    "customer-segmentation-challenger-5xx-errors",
                    "customer-segmentation-challenger-model-latency",
                ],
            );
            const tags = { environment: "prod", "managed-by": "pulumi" };
            assert.deepStrictEqual(rec.named(T.alarm, "serving-challenger-5xx").inputs, {
                name: "customer-segmentation-challenger-5xx-errors",
                alarmDescription:
                    "Endpoint customer-segmentation, variant challenger: ≥ 3 5XX errors a minute; rolls " +
                    "back a deployment",
                namespace: "AWS/SageMaker",
                metricName: "Invocation5XXErrors",
                dimensions: { EndpointName: "customer-segmentation", VariantName: "challenger" },
                statistic: "Sum",
                period: 60,
                evaluationPeriods: 2,
                datapointsToAlarm: 2,
                threshold: 3,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                actionsEnabled: true,
                alarmActions: ["arn:aws:sns:us-east-1:123456789012:oncall"],
                tags,
            });
            const latency = rec.named(T.alarm, "serving-primary-latency").inputs;
            assert.strictEqual(latency.metricName, "ModelLatency");
            assert.strictEqual(latency.extendedStatistic, "p99");
            assert.strictEqual(latency.threshold, 500_000, "ModelLatency is in microseconds");
            assert.strictEqual(latency.statistic, undefined);
        });

        it("endpoint: canary blue/green with auto-rollback on all four alarms, timeouts cover the deployment", () => {
            const ep = rec.named(T.endpoint, "serving");
            assert.deepStrictEqual(ep.inputs.deploymentConfig, {
                blueGreenUpdatePolicy: {
                    trafficRoutingConfiguration: {
                        type: "CANARY",
                        waitIntervalInSeconds: 600,
                        canarySize: { type: "CAPACITY_PERCENT", value: 10 },
                    },
                    terminationWaitInSeconds: 600,
                    maximumExecutionTimeoutInSeconds: 3600,
                },
                autoRollbackConfiguration: {
                    alarms: rec.ofType(T.alarm).map((a) => ({ alarmName: a.outputs.name })),
                },
            });
            for (const alarm of rec.ofType(T.alarm))
                assert.ok(ep.dependencies.includes(alarm.urn), `endpoint waits for ${alarm.name}`);
            // (60 min execution + 10 min termination wait) + 30 min margin.
            assert.deepStrictEqual(ep.customTimeouts, { create: "60m", update: "100m", delete: "30m" });
        });

        it("autoscaling: the primary variant only, target tracking on invocations per instance", () => {
            const target = rec.named(T.target, "serving-primary");
            assert.deepStrictEqual(target.inputs, {
                serviceNamespace: "sagemaker",
                resourceId: "endpoint/customer-segmentation/variant/primary",
                scalableDimension: "sagemaker:variant:DesiredInstanceCount",
                minCapacity: 2,
                maxCapacity: 6,
                tags: { environment: "prod", "managed-by": "pulumi" },
            });
            assert.ok(
                target.dependencies.includes(rec.named(T.endpoint, "serving").urn),
                "target registers after the endpoint exists",
            );
            assert.strictEqual(target.deleteBeforeReplace, true);
            assert.strictEqual(rec.named(T.scaling, "serving-primary").deleteBeforeReplace, true);
            assert.deepStrictEqual(rec.named(T.scaling, "serving-primary").inputs, {
                policyType: "TargetTrackingScaling",
                serviceNamespace: "sagemaker",
                resourceId: "endpoint/customer-segmentation/variant/primary",
                scalableDimension: "sagemaker:variant:DesiredInstanceCount",
                targetTrackingScalingPolicyConfiguration: {
                    targetValue: 1000,
                    predefinedMetricSpecification: { predefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
                    scaleInCooldown: 300,
                    scaleOutCooldown: 60,
                },
            });
        });
    });

    describe("autoscaled variants: targets deregistered before, and registered after, an endpoint update", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "prod" });
            new ModelEndpoint("serving", prodEndpointArgs);
            await settle();
        });

        /**
         * Pulumi's order for a delete-before-replace replacement of `root` (pkg/resource/deploy/step_generator.go,
         * calculateDependentReplacements): every resource whose replacement-forcing input (`forcing`) depends on
         * a resource being replaced is deleted first, dependents before what they depend on; then `root` is
         * replaced; the rest of the program then steps in dependency order (updates, re-creations).
         */
        function dbrSteps(root: PlannedResource, forcing: Record<string, string[]>): string[] {
            const replaced = new Set([root.urn]);
            let grew = true;
            while (grew) {
                grew = false;
                for (const r of rec.resources) {
                    if (replaced.has(r.urn)) continue;
                    const keys = forcing[r.type] ?? [];
                    if (keys.some((k) => (r.propertyDependencies[k] ?? []).some((d) => replaced.has(d)))) {
                        replaced.add(r.urn);
                        grew = true;
                    }
                }
            }
            const dependents = rec.resources.filter((r) => replaced.has(r.urn) && r.urn !== root.urn);
            const name = (r: PlannedResource) => `${r.type.split(":").pop()} ${r.name}`;
            // Dependents are deleted in reverse registration order, then the root is replaced.
            const steps = [...dependents].reverse().map((r) => `delete ${name(r)}`);
            steps.push(`delete ${name(root)}`, `create ${name(root)}`);
            // Then the program steps in registration (= dependency) order.
            for (const r of rec.resources.filter((x) => x.custom && x.urn !== root.urn)) {
                steps.push(`${replaced.has(r.urn) ? "create" : "update"} ${name(r)}`);
            }
            return steps;
        }

        it("keys the autoscaling by each autoscaled variant's instance type, replaced delete-before-replace", () => {
            const key = rec.named(T.scalingKey, "serving-autoscaling-key");
            assert.strictEqual(key.inputs.key, "primary=ml.m5.large");
            assert.strictEqual(key.inputs.endpointName, "customer-segmentation");
            assert.strictEqual(key.deleteBeforeReplace, true);
            assert.deepStrictEqual(autoscalingKey(resolveVariants("prod", prodEndpointArgs)), "primary=ml.m5.large");
            const changedType = prodEndpointArgs.variants.map((v) => ({ ...v, instanceType: "ml.c5.xlarge" }));
            assert.strictEqual(
                autoscalingKey(resolveVariants("prod", { ...prodEndpointArgs, variants: changedType })),
                "primary=ml.c5.xlarge",
            );
            // A changed key replaces the key resource, deleting it first; an unchanged one (image change) is no diff.
            assert.deepStrictEqual(scalingKeyDiff({ key: "primary=ml.m5.large" }, { key: "primary=ml.c5.xlarge" }), {
                changes: true,
                replaces: ["key"],
                deleteBeforeReplace: true,
            });
            assert.deepStrictEqual(scalingKeyDiff({ key: "primary=ml.m5.large" }, { key: "primary=ml.m5.large" }), {
                changes: false,
                replaces: [],
                deleteBeforeReplace: true,
            });
        });

        it("the plan's graph orders an instance-type change: deregister, UpdateEndpoint, register", () => {
            const key = rec.named(T.scalingKey, "serving-autoscaling-key");
            const endpoint = rec.named(T.endpoint, "serving");
            const target = rec.named(T.target, "serving-primary");
            // The endpoint waits for the key; the target's resourceId (ForceNew in the provider) reads the key.
            assert.ok(endpoint.dependencies.includes(key.urn));
            assert.ok(target.propertyDependencies.resourceId.includes(key.urn));
            assert.ok(target.propertyDependencies.resourceId.includes(endpoint.urn));
            const steps = dbrSteps(key, { [T.target]: ["resourceId"], [T.scaling]: ["resourceId"] });
            const at = (step: string) => {
                const i = steps.indexOf(step);
                assert.ok(i >= 0, `${step} in ${steps.join("; ")}`);
                return i;
            };
            assert.ok(at("delete Policy serving-primary") < at("delete Target serving-primary"));
            assert.ok(at("delete Target serving-primary") < at("update Endpoint serving"));
            assert.ok(at("update Endpoint serving") < at("create Target serving-primary"));
            assert.ok(at("create Target serving-primary") < at("create Policy serving-primary"));
        });

        it("removing the autoscaled variant changes the key too (to none), so its target is deregistered first", () => {
            const onlyChallenger = resolveVariants("prod", {
                ...prodEndpointArgs,
                variants: [prodEndpointArgs.variants[1]],
            });
            assert.strictEqual(autoscalingKey(onlyChallenger), "none");
            assert.deepStrictEqual(scalingKeyDiff({ key: "primary=ml.m5.large" }, { key: "none" }).replaces, ["key"]);
        });
    });

    describe("traffic shifting strategies and serverless", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "staging" });
            const base = { ...common, environment: "staging" as const, image: { tag: "v1" } };
            new ModelEndpoint("linear", {
                ...base,
                endpointName: "linear-ep",
                variants: [{ name: "primary", instanceType: "ml.m5.large" }],
                deployment: {
                    strategy: "linear",
                    linearStepPercent: 25,
                    waitMinutes: 2,
                    terminationWaitMinutes: 0,
                    maximumExecutionTimeoutMinutes: 30,
                },
            });
            new ModelEndpoint("allatonce", {
                ...base,
                endpointName: "all-ep",
                variants: [{ name: "primary", instanceType: "ml.m5.large" }],
                deployment: { strategy: "all-at-once" },
            });
            new ModelEndpoint("serverless", {
                ...base,
                endpointName: "serverless-ep",
                variants: [
                    { name: "primary", serverless: { memoryMb: 2048, maxConcurrency: 20, provisionedConcurrency: 2 } },
                ],
            });
            await settle();
        });

        const routing = (name: string) =>
            (rec.named(T.endpoint, name).inputs.deploymentConfig as Record<string, any>)
                .blueGreenUpdatePolicy as Record<string, unknown>;

        it("linear shifts fixed capacity steps", () => {
            assert.deepStrictEqual(routing("linear"), {
                trafficRoutingConfiguration: {
                    type: "LINEAR",
                    waitIntervalInSeconds: 120,
                    linearStepSize: { type: "CAPACITY_PERCENT", value: 25 },
                },
                terminationWaitInSeconds: 0,
                maximumExecutionTimeoutInSeconds: 1800,
            });
            assert.deepStrictEqual(rec.named(T.endpoint, "linear").customTimeouts, {
                create: "60m",
                update: "60m",
                delete: "30m",
            });
        });

        it("all-at-once shifts everything after the defaults' baking period", () => {
            assert.deepStrictEqual(routing("allatonce"), {
                trafficRoutingConfiguration: { type: "ALL_AT_ONCE", waitIntervalInSeconds: 300 },
                terminationWaitInSeconds: 300,
                maximumExecutionTimeoutInSeconds: 3600,
            });
        });

        it("serverless variant: memory and concurrency, no instances, no autoscaling", () => {
            assert.deepStrictEqual(rec.named(T.config, "serverless").inputs.productionVariants, [
                {
                    variantName: "primary",
                    modelName: rec.named(T.model, "serverless-primary").outputs.name,
                    initialVariantWeight: 1,
                    serverlessConfig: { memorySizeInMb: 2048, maxConcurrency: 20, provisionedConcurrency: 2 },
                },
            ]);
            assert.strictEqual(rec.ofType(T.target).length, 0);
        });
    });

    describe("local-NVMe (instance store) instance types: accepted, no volume key", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "staging" });
            new ModelEndpoint("gpu", {
                ...common,
                environment: "staging",
                endpointName: "gpu-ep",
                image: { tag: "v1" },
                variants: [{ name: "primary", instanceType: "ml.g5.xlarge" }],
                dataCapture: { enabled: true },
            });
            new ModelEndpoint("ebs", {
                ...common,
                environment: "staging",
                endpointName: "ebs-ep",
                image: { tag: "v1" },
                variants: [{ name: "primary", instanceType: "ml.p3.2xlarge" }],
            });
            await settle();
        });

        it("leaves kmsKeyArn off a g5 endpoint configuration (CreateEndpointConfig refuses it there)", () => {
            const inputs = rec.named(T.config, "gpu").inputs;
            assert.strictEqual("kmsKeyArn" in inputs, false);
            assert.strictEqual(
                (inputs.productionVariants as Record<string, unknown>[])[0].instanceType,
                "ml.g5.xlarge",
            );
        });

        it("keeps data capture encrypted with the stack key on the g5 endpoint", () => {
            assert.strictEqual(
                (rec.named(T.config, "gpu").inputs.dataCaptureConfig as Record<string, unknown>).kmsKeyId,
                KEY,
            );
        });

        it("keeps the volume key on an EBS-backed GPU type (ml.p3)", () => {
            assert.strictEqual(rec.named(T.config, "ebs").inputs.kmsKeyArn, KEY);
        });
    });

    describe("bad arguments are rejected before anything is registered", () => {
        let rec: ResourceRecorder;
        before(() => {
            rec = startMockRun({ stack: "prod" });
        });
        const cases: [string, Partial<ModelEndpointArgs>, string][] = [
            ["prod without a deployment config", { deployment: undefined }, "  - deployment: is required in prod"],
            [
                "prod with one instance",
                { variants: [{ name: "primary", instanceType: "ml.m5.large", initialInstanceCount: 1 }] },
                "variants[0].initialInstanceCount: must be at least 2 in prod",
            ],
            [
                "zero weight",
                { variants: [{ name: "primary", instanceType: "ml.m5.large", weight: 0 }] },
                "variants[0].weight: must be greater than 0",
            ],
            [
                "versioned variant names under blue/green",
                { variants: [{ name: "primary-v2", instanceType: "ml.m5.large" }] },
                'variants[0].name: "primary-v2" looks like a release',
            ],
            [
                "capture on without a capture bucket",
                { dataCaptureBucketArn: undefined },
                "dataCaptureBucketName/dataCaptureBucketArn: are required when dataCapture.enabled is true",
            ],
            ["vpcId without subnets", { subnetIds: undefined }, "subnetIds: is required when vpcId is set"],
            ["a bad artifact prefix", { modelArtifactPrefix: "/models" }, "modelArtifactPrefix: must be a key prefix"],
            [
                "no feature tables",
                { featureTableArns: [] },
                "featureTableArns: must list at least one online-store table",
            ],
            [
                "more rollback alarms than SageMaker takes (6 variants × 2 > 10)",
                {
                    variants: ["a", "b", "c", "d", "e", "f"].map((n) => ({
                        name: `variant${n}`,
                        instanceType: "ml.m5.large",
                        initialInstanceCount: 2,
                    })),
                },
                "variants: at most 5 variants with a deployment config",
            ],
            [
                "a linear step below SageMaker's 10%",
                { deployment: { strategy: "linear", linearStepPercent: 5 } },
                "deployment.linearStepPercent: Too small",
            ],
            [
                "an execution timeout shorter than the deployment's waits",
                {
                    deployment: {
                        strategy: "canary",
                        waitMinutes: 40,
                        terminationWaitMinutes: 10,
                        maximumExecutionTimeoutMinutes: 60,
                    },
                },
                "deployment.maximumExecutionTimeoutMinutes: must be greater than the total waiting time",
            ],
            [
                "ml.inf1 with a canary deployment (deployment guardrails exclude Inf1)",
                {
                    variants: [{ name: "primary", instanceType: "ml.inf1.xlarge", initialInstanceCount: 2 }],
                },
                "variants[0].instanceType: ml.inf1.xlarge (Inf1) is excluded from deployment guardrails",
            ],
            [
                "more than 100 container variables once the shared and lineage variables are counted",
                {
                    // 97 shared + 1 of the variant + 3 lineage (MODEL_IMAGE, MODEL_ARTIFACT_KEY, MODEL_VARIANT) = 101.
                    environmentVariables: Object.fromEntries(Array.from({ length: 97 }, (_, i) => [`S${i}`, "x"])),
                    variants: [
                        {
                            name: "primary",
                            instanceType: "ml.m5.large",
                            initialInstanceCount: 2,
                            environment: { OWN: "x" },
                        },
                    ],
                },
                "variants[0].environment: with the shared and lineage (MODEL_*) variables the container would have " +
                    "101 environment variables; SageMaker allows 100",
            ],
            [
                "a shadow variant's container over 100 variables (its own Model counts the same way)",
                {
                    // 97 shared + 3 lineage = 100 on the production variant; the shadow's own variable makes 101.
                    environmentVariables: Object.fromEntries(Array.from({ length: 97 }, (_, i) => [`S${i}`, "x"])),
                    variants: [{ name: "primary", instanceType: "ml.m5.large", initialInstanceCount: 2 }],
                    shadowVariants: [
                        {
                            name: "challenger",
                            instanceType: "ml.m5.large",
                            initialInstanceCount: 2,
                            environment: { OWN: "x" },
                        },
                    ],
                },
                "shadowVariants[0].environment: with the shared and lineage (MODEL_*) variables the container would " +
                    "have 101 environment variables; SageMaker allows 100",
            ],
            [
                "a serverless variant in a VPC",
                {
                    variants: [{ name: "primary", serverless: { memoryMb: 2048, maxConcurrency: 5 } }],
                    dataCapture: undefined,
                    deployment: { strategy: "all-at-once" },
                },
                "vpc: is not supported by serverless endpoints",
            ],
        ];
        for (const [title, override, expected] of cases) {
            it(title, async () => {
                let error: unknown;
                try {
                    new ModelEndpoint(`bad-${title.replace(/\W+/g, "-")}`, { ...prodEndpointArgs, ...override });
                } catch (err) {
                    error = err;
                }
                assert.ok(error instanceof ConfigError, String(error));
                assert.ok(error.message.includes(expected), error.message);
                assert.ok(error.message.startsWith("invalid arguments of ModelEndpoint bad-"), error.message);
                await settle();
                assert.strictEqual(rec.resources.filter((r) => r.custom).length, 0);
            });
        }
    });

    describe("wired into MlopsPlatform", () => {
        const platformConfig = (serving: Record<string, unknown>) =>
            parsePlatformConfig({
                environment: "dev",
                network: SERVERLESS_NETWORK,
                featureStore: {
                    project: "customer_segmentation",
                    featureViews: [
                        {
                            name: "customer_rfm_features",
                            entity: "customer",
                            joinKey: "customerid",
                            features: { recency: "int32" },
                        },
                    ],
                },
                orchestration: { enabled: false },
                serving,
            });
        const serving = {
            endpointName: "cs-dev",
            image: { tag: "v0.0" },
            variants: [{ name: "primary", instanceType: "ml.t2.medium" }],
            vpc: true,
        };

        describe("serving enabled", () => {
            let rec: ResourceRecorder;
            before(async () => {
                rec = startMockRun({ stack: "dev" });
                new MlopsPlatform("mlops-dev", platformConfig(serving));
                await settle();
            });

            it("lets exactly the endpoint role pull from the registry (the endpoint owns the fence)", () => {
                assert.strictEqual(rec.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy").length, 1);
                const policy = rec.named("aws:ecr/repositoryPolicy:RepositoryPolicy", "mlops-dev-serving-image-pull");
                assert.deepStrictEqual(policyOf(policy).Statement[0].Principal, {
                    AWS: [rec.named(T.role, "mlops-dev-serving").outputs.arn],
                });
                assert.strictEqual(
                    policy.inputs.repository,
                    rec.named("aws:ecr/repository:Repository", "mlops-dev-models").outputs.name,
                );
            });

            it("reads the stack's feature tables, model bucket and the network's private subnets", () => {
                const table = rec.named("aws:dynamodb/table:Table", "mlops-dev-features-customer_rfm_features").outputs
                    .arn;
                const policy = rec.named(T.rolePolicy, "mlops-dev-serving");
                assert.deepStrictEqual(statement(policy, "ReadOnlineFeatures").Resource, [table]);
                const modelBucket = rec.named("aws:s3/bucket:Bucket", "mlops-dev-model-registry").outputs.bucket;
                assert.strictEqual(
                    statement(policy, "ReadModelArtifacts").Resource,
                    `arn:aws:s3:::${modelBucket}/models/cs-dev/*`,
                );
                const [vpc] = rec.ofType("awsx:ec2:Vpc") as PlannedResource[];
                const model = rec.named(T.model, "mlops-dev-serving-primary");
                assert.deepStrictEqual(
                    (model.inputs.vpcConfig as { subnets: string[] }).subnets,
                    vpc.outputs.privateSubnetIds,
                );
                assert.strictEqual(rec.named(T.sg, "mlops-dev-serving").inputs.vpcId, vpc.outputs.vpcId);
                const registryBucket = rec.named("aws:s3/bucket:Bucket", "mlops-dev-feature-registry").outputs.bucket;
                assert.deepStrictEqual(
                    (model.inputs.primaryContainer as { environment: Record<string, string> }).environment,
                    {
                        FEAST_PROJECT: "customer_segmentation",
                        FEAST_REGISTRY: `s3://${registryBucket}/registry.db`,
                        FEAST_ONLINE_TABLES: "customer_segmentation.customer_rfm_features",
                        MODEL_BUCKET: modelBucket,
                        MODEL_PREFIX: "models/cs-dev/",
                        MODEL_IMAGE: "tag:v0.0",
                        MODEL_ARTIFACT_KEY: "none",
                        MODEL_VARIANT: "primary",
                    },
                );
                // Feast's get_online_features loads the registry: exactly that object, read-only.
                assert.deepStrictEqual(statement(policy, "ReadFeastRegistry"), {
                    Effect: "Allow",
                    Sid: "ReadFeastRegistry",
                    Action: "s3:GetObject",
                    Resource: `arn:aws:s3:::${registryBucket}/registry.db`,
                });
            });
        });

        describe("serving.enabled false: registry only", () => {
            let rec: ResourceRecorder;
            before(async () => {
                rec = startMockRun({ stack: "dev" });
                new MlopsPlatform("mlops-dev", platformConfig({ ...serving, enabled: false }));
                await settle();
            });

            it("creates the repository and nothing of the endpoint", () => {
                assert.strictEqual(rec.ofType("aws:ecr/repository:Repository").length, 1);
                assert.strictEqual(rec.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy").length, 0);
                for (const type of [T.model, T.config, T.endpoint, T.alarm])
                    assert.strictEqual(rec.ofType(type).length, 0, type);
            });
        });
    });
});

/** The models' security group id, as the models reference it (checked to be the component's own group). */
function securityGroupId(rec: ResourceRecorder): string {
    const model = rec.named(T.model, "serving-primary");
    const [id] = (model.inputs.vpcConfig as { securityGroupIds: string[] }).securityGroupIds;
    assert.match(id, /^sg-[0-9a-f]{17}$/);
    assert.ok(model.dependencies.includes(rec.named(T.sg, "serving").urn));
    return id;
}

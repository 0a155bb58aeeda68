import * as assert from "assert";
import { simulate } from "../iam/simulate";
import { ModelEndpoint } from "../../components/serving/modelEndpoint";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { policyOf, sids, statement } from "../support/helpers";
import {
    ACCOUNT,
    KEY,
    REPO_URL,
    DIGEST,
    T,
    prodEndpointArgs,
    customCount,
    securityGroupId,
} from "../support/endpointFixtures";

describe("ModelEndpoint", () => {
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

        it(
            "simulated: may delete and re-permission only network interfaces " + "in its own subnets (issue 11)",
            async () => {
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
            },
        );

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
});

import * as assert from "assert";
import { ModelEndpoint } from "../../components/serving/modelEndpoint";
import { ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { policyOf } from "../support/helpers";
import { ACCOUNT, KEY, REPO_URL, REPO_ARN, TABLE, T, devEndpointArgs, customCount } from "../support/endpointFixtures";

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
                        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:` +
                            "/aws/sagemaker/Endpoints/customer-segmentation-dev",
                        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:` +
                            "/aws/sagemaker/Endpoints/customer-segmentation-dev:*",
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
});

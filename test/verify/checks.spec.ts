import {
    DescribeEndpointCommand,
    DescribeEndpointConfigCommand,
    ListEndpointConfigsCommand,
} from "@aws-sdk/client-sagemaker";
import * as assert from "assert";
import { verifyEndpoint } from "../../tools/verify/checks";
import {
    DIGEST,
    awsError,
    client,
    deployed,
    expectedFromConfig,
    expectedFromOutputs,
    fastRetry,
    liveConfig,
    liveEndpoint,
    mockConfigPages,
    sagemaker,
    useSageMakerMock,
} from "./endpointFixtures";

describe("verify", () => {
    useSageMakerMock();

    describe("match (exit 0)", () => {
        it("from config: status, all config pages, variants, weights, counts and capture match", async () => {
            sagemaker.on(DescribeEndpointCommand, { EndpointName: "customer-segmentation" }).resolves(liveEndpoint());
            sagemaker
                .on(DescribeEndpointConfigCommand, { EndpointConfigName: "mlops-prod-serving-0a1b2c3" })
                .resolves(liveConfig());
            const pages = mockConfigPages();
            const result = await verifyEndpoint(client(), expectedFromConfig, fastRetry().options);
            assert.deepStrictEqual(result.differences, []);
            assert.strictEqual(result.exitCode, 0);
            assert.deepStrictEqual(pages, [undefined, "page-2"], "reads every page");
            assert.deepStrictEqual(
                result.rows.map((r) => `${r.check}: ${r.status}`),
                [
                    "endpoint status: ok",
                    "last deployment: ok",
                    "endpoint config in service: ok",
                    "variants: ok",
                    "variant primary: instance type: ok",
                    "variant primary: initial instance count: ok",
                    "variant primary: running instances: ok",
                    "variant primary: weight: ok",
                    "variant primary: image: ok",
                    "variant challenger: instance type: ok",
                    "variant challenger: initial instance count: ok",
                    "variant challenger: running instances: ok",
                    "variant challenger: weight: ok",
                    "variant challenger: image: ok",
                    "data capture: ok",
                    "data capture: status: ok",
                    "data capture: sampling %: ok",
                    "data capture: destination: ok",
                ],
            );
        });

        it("from outputs: exact config name and destination, no listing needed", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(liveEndpoint());
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            const result = await verifyEndpoint(client(), expectedFromOutputs, fastRetry().options);
            assert.strictEqual(result.exitCode, 0, result.differences.join("\n"));
            assert.strictEqual(sagemaker.commandCalls(ListEndpointConfigsCommand).length, 0);
        });

        it("serverless variant and capture off", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(
                liveEndpoint({
                    ProductionVariants: [
                        {
                            VariantName: "primary",
                            CurrentWeight: 1,
                            CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 20 },
                            DeployedImages: [{ SpecifiedImage: "repo:v0.0", ResolvedImage: `repo@${DIGEST}` }],
                        },
                    ],
                    DataCaptureConfig: undefined,
                }),
            );
            sagemaker.on(DescribeEndpointConfigCommand).resolves(
                liveConfig({
                    ProductionVariants: [
                        {
                            VariantName: "primary",
                            ModelName: "m",
                            ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 20 },
                        },
                    ],
                }),
            );
            const result = await verifyEndpoint(
                client(),
                {
                    endpointName: "customer-segmentation",
                    endpointConfigName: "mlops-prod-serving-0a1b2c3",
                    image: { tag: "v0.0" },
                    variants: [{ name: "primary", weight: 1, serverless: { memoryMb: 2048, maxConcurrency: 20 } }],
                    dataCapture: { enabled: false, samplingPercentage: 20, destinationPrefix: "datacapture" },
                },
                fastRetry().options,
            );
            assert.strictEqual(result.exitCode, 0, result.differences.join("\n"));
        });
    });

    describe("drift (exit 1), each difference named", () => {
        it("weights, instance type, counts and capture changed out of band", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(
                liveEndpoint({
                    ProductionVariants: [
                        {
                            VariantName: "primary",
                            CurrentWeight: 0.5,
                            CurrentInstanceCount: 8,
                            DeployedImages: [
                                { SpecifiedImage: "repo:hotfix", ResolvedImage: `repo@sha256:${"cd".repeat(32)}` },
                            ],
                        },
                        {
                            VariantName: "challenger",
                            CurrentWeight: 0.5,
                            CurrentInstanceCount: 1,
                            DeployedImages: deployed,
                        },
                    ],
                    DataCaptureConfig: {
                        EnableCapture: true,
                        CaptureStatus: "Started",
                        CurrentSamplingPercentage: 100,
                        DestinationS3Uri: "s3://somewhere-else/dump",
                        KmsKeyId: "k",
                    },
                }),
            );
            sagemaker.on(DescribeEndpointConfigCommand).resolves(
                liveConfig({
                    ProductionVariants: [
                        {
                            VariantName: "primary",
                            ModelName: "m1",
                            InstanceType: "ml.c5.xlarge",
                            InitialInstanceCount: 2,
                            InitialVariantWeight: 0.9,
                        },
                        {
                            VariantName: "challenger",
                            ModelName: "m2",
                            InstanceType: "ml.m5.large",
                            InitialInstanceCount: 2,
                            InitialVariantWeight: 0.1,
                        },
                    ],
                }),
            );
            const result = await verifyEndpoint(client(), expectedFromOutputs, fastRetry().options);
            assert.strictEqual(result.exitCode, 1);
            assert.deepStrictEqual(result.differences, [
                "variant primary: instance type: expected ml.m5.large, live ml.c5.xlarge",
                "variant primary: running instances: expected 2-6 (autoscaling), live 8",
                "variant primary: weight: expected 0.9, live 0.5",
                `variant primary: image: expected …@${DIGEST}, live repo:hotfix`,
                "variant challenger: running instances: expected 2, live 1",
                "variant challenger: weight: expected 0.1, live 0.5",
                "data capture: sampling %: expected 20, live 100",
                "data capture: destination: expected s3://mlops-prod-data-capture-684c38a/datacapture, " +
                    "live s3://somewhere-else/dump",
            ]);
        });

        it("capture configured but not running (CaptureStatus Stopped)", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(
                liveEndpoint({
                    DataCaptureConfig: { ...liveEndpoint().DataCaptureConfig!, CaptureStatus: "Stopped" },
                }),
            );
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            const result = await verifyEndpoint(client(), expectedFromOutputs, fastRetry().options);
            assert.strictEqual(result.exitCode, 1);
            assert.deepStrictEqual(result.differences, ["data capture: status: expected Started, live Stopped"]);
        });

        it("serverless provisioned concurrency changed", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(
                liveEndpoint({
                    ProductionVariants: [{ VariantName: "primary", CurrentWeight: 1 }],
                    DataCaptureConfig: undefined,
                }),
            );
            sagemaker.on(DescribeEndpointConfigCommand).resolves(
                liveConfig({
                    ProductionVariants: [
                        {
                            VariantName: "primary",
                            ModelName: "m",
                            ServerlessConfig: {
                                MemorySizeInMB: 2048,
                                MaxConcurrency: 20,
                                ProvisionedConcurrency: 2,
                            },
                        },
                    ],
                }),
            );
            const result = await verifyEndpoint(
                client(),
                {
                    endpointName: "customer-segmentation",
                    endpointConfigName: "mlops-prod-serving-0a1b2c3",
                    image: { tag: "v0.0" },
                    variants: [
                        {
                            name: "primary",
                            weight: 1,
                            serverless: { memoryMb: 2048, maxConcurrency: 20, provisionedConcurrency: 5 },
                        },
                    ],
                    dataCapture: { enabled: false, samplingPercentage: 20, destinationPrefix: "datacapture" },
                },
                fastRetry().options,
            );
            assert.strictEqual(result.exitCode, 1);
            assert.deepStrictEqual(
                result.differences.filter((d) => d.includes("serverless")),
                ["variant primary: serverless provisioned concurrency: expected 5, live 2"],
            );
        });

        it("a failed deployment: status and failure reason", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(
                liveEndpoint({
                    EndpointStatus: "Failed",
                    FailureReason: "CannotStartContainerError: /ping did not return 200",
                }),
            );
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            const result = await verifyEndpoint(client(), expectedFromOutputs, fastRetry().options);
            assert.strictEqual(result.exitCode, 1);
            assert.deepStrictEqual(result.differences, [
                "endpoint status: expected InService, live Failed",
                "last deployment: expected succeeded, live failed or rolled back: " +
                    "CannotStartContainerError: /ping did not return 200",
            ]);
        });

        it("a rolled-back deployment: a newer config (found on page 2) is not in service", async () => {
            sagemaker
                .on(DescribeEndpointCommand)
                .resolves(liveEndpoint({ EndpointConfigName: "mlops-prod-serving-9999999" }));
            sagemaker
                .on(DescribeEndpointConfigCommand)
                .resolves(liveConfig({ EndpointConfigName: "mlops-prod-serving-9999999" }));
            mockConfigPages("mlops-prod-serving-0a1b2c3");
            const result = await verifyEndpoint(client(), expectedFromConfig, fastRetry().options);
            assert.strictEqual(result.exitCode, 1);
            assert.deepStrictEqual(result.differences, [
                "endpoint config in service: expected newest mlops-prod-serving-* " +
                    "(mlops-prod-serving-0a1b2c3), live mlops-prod-serving-9999999",
            ]);
        });

        it("from outputs: the stack's config is not the one in service; variants renamed; capture off", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(
                liveEndpoint({
                    EndpointConfigName: "hand-made-config",
                    ProductionVariants: [
                        {
                            VariantName: "primary",
                            CurrentWeight: 0.9,
                            CurrentInstanceCount: 2,
                            DeployedImages: deployed,
                        },
                        { VariantName: "challenger-v2", CurrentWeight: 0.1, CurrentInstanceCount: 2 },
                    ],
                    DataCaptureConfig: {
                        EnableCapture: false,
                        CaptureStatus: "Stopped",
                        CurrentSamplingPercentage: 0,
                        DestinationS3Uri: "s3://x/y",
                        KmsKeyId: "k",
                    },
                }),
            );
            sagemaker.on(DescribeEndpointConfigCommand, { EndpointConfigName: "hand-made-config" }).resolves(
                liveConfig({
                    EndpointConfigName: "hand-made-config",
                    ProductionVariants: [
                        {
                            VariantName: "primary",
                            ModelName: "m1",
                            InstanceType: "ml.m5.large",
                            InitialInstanceCount: 2,
                            InitialVariantWeight: 0.9,
                        },
                        {
                            VariantName: "challenger-v2",
                            ModelName: "m2",
                            InstanceType: "ml.m5.large",
                            InitialInstanceCount: 2,
                            InitialVariantWeight: 0.1,
                        },
                    ],
                }),
            );
            const result = await verifyEndpoint(client(), expectedFromOutputs, fastRetry().options);
            assert.strictEqual(result.exitCode, 1);
            assert.deepStrictEqual(result.differences, [
                "endpoint config in service: expected mlops-prod-serving-0a1b2c3, live hand-made-config",
                // A missing variant is named once, not once per property.
                "variants: expected challenger, primary, live challenger-v2, primary",
                "data capture: expected enabled, live disabled",
            ]);
        });
    });

    describe("unreadable (exit 2)", () => {
        it("endpoint not found", async () => {
            sagemaker
                .on(DescribeEndpointCommand)
                .rejects(awsError("ValidationException", 'Could not find endpoint "customer-segmentation".'));
            const result = await verifyEndpoint(client(), expectedFromConfig, fastRetry().options);
            assert.strictEqual(result.exitCode, 2);
            assert.match(result.error ?? "", /^endpoint customer-segmentation not found \(Could not find endpoint/);
        });

        it("missing credentials", async () => {
            sagemaker
                .on(DescribeEndpointCommand)
                .rejects(awsError("CredentialsProviderError", "Could not load credentials from any providers"));
            const result = await verifyEndpoint(client(), expectedFromConfig, fastRetry().options);
            assert.strictEqual(result.exitCode, 2);
            assert.match(result.error ?? "", /^no usable AWS credentials/);
        });

        it("access denied", async () => {
            sagemaker
                .on(DescribeEndpointCommand)
                .rejects(awsError("AccessDeniedException", "not authorized to perform: sagemaker:DescribeEndpoint"));
            const result = await verifyEndpoint(client(), expectedFromConfig, fastRetry().options);
            assert.strictEqual(result.exitCode, 2);
            assert.match(result.error ?? "", /^access denied reading endpoint customer-segmentation/);
        });

        it("throttled on every attempt: gives up after maxAttempts with exponential backoff", async () => {
            sagemaker.on(DescribeEndpointCommand).rejects(awsError("ThrottlingException", "Rate exceeded"));
            const retry = fastRetry(4);
            const result = await verifyEndpoint(client(), expectedFromConfig, retry.options);
            assert.strictEqual(result.exitCode, 2);
            assert.strictEqual(
                result.error,
                "DescribeEndpoint: throttled by AWS, gave up after 4 attempts (ThrottlingException); retry later",
            );
            assert.strictEqual(sagemaker.commandCalls(DescribeEndpointCommand).length, 4);
            assert.deepStrictEqual(retry.delays, [100, 200, 400]);
        });
    });
});

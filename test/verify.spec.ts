import {
    DescribeEndpointCommand,
    DescribeEndpointCommandOutput,
    DescribeEndpointConfigCommand,
    DescribeEndpointConfigCommandOutput,
    ListEndpointConfigsCommand,
    ListEndpointConfigsCommandInput,
    SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import * as assert from "assert";
import { mockClient } from "aws-sdk-client-mock";
import * as path from "path";
import { ExpectedEndpoint } from "../components/serving/servingSpec";
import { formatTable, parseVerifyArgs, runVerify, verifyEndpoint } from "../tools/verify";

const projectDir = path.resolve(__dirname, "..", "..");
const sagemaker = mockClient(SageMakerClient);
const client = () => new SageMakerClient({ region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" } });

/** Instant, recorded backoff; `random` fixes the jitter (1: the full capped delay). */
function fastRetry(maxAttempts = 4, random = () => 1) {
    const delays: number[] = [];
    return { delays, options: { maxAttempts, baseDelayMs: 100, random, sleep: async (ms: number) => void delays.push(ms) } };
}

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: name === "ThrottlingException" ? 400 : 400 }, $fault: "client" });

const DIGEST = `sha256:${"ab".repeat(32)}`;
const deployed = [{ SpecifiedImage: `123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-prod-models-a53ef7b@${DIGEST}`, ResolvedImage: `123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-prod-models-a53ef7b@${DIGEST}` }];

/** What `prod` expects (from the stack config: config-name prefix, no exact names). */
const expectedFromConfig: ExpectedEndpoint = {
    endpointName: "customer-segmentation",
    endpointConfigNamePrefix: "mlops-prod-serving-",
    image: { digest: DIGEST },
    variants: [
        { name: "primary", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.9, autoscaling: { minInstances: 2, maxInstances: 6, invocationsPerInstance: 1000, scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 60 } },
        { name: "challenger", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.1 },
    ],
    dataCapture: { enabled: true, samplingPercentage: 20, destinationPrefix: "datacapture" },
};

/** The same from stack outputs: exact config name and capture destination. */
const expectedFromOutputs: ExpectedEndpoint = {
    ...expectedFromConfig,
    endpointConfigNamePrefix: undefined,
    endpointConfigName: "mlops-prod-serving-0a1b2c3",
    dataCapture: { ...expectedFromConfig.dataCapture, destinationS3Uri: "s3://mlops-prod-data-capture-684c38a/datacapture" },
};

function liveEndpoint(overrides: Partial<DescribeEndpointCommandOutput> = {}): DescribeEndpointCommandOutput {
    return {
        $metadata: {},
        EndpointName: "customer-segmentation",
        EndpointArn: "arn:aws:sagemaker:us-east-1:123456789012:endpoint/customer-segmentation",
        EndpointConfigName: "mlops-prod-serving-0a1b2c3",
        EndpointStatus: "InService",
        CreationTime: new Date("2026-11-01T00:00:00Z"),
        LastModifiedTime: new Date("2026-11-20T00:00:00Z"),
        ProductionVariants: [
            { VariantName: "primary", CurrentWeight: 0.9, DesiredWeight: 0.9, CurrentInstanceCount: 3, DesiredInstanceCount: 3, DeployedImages: deployed },
            { VariantName: "challenger", CurrentWeight: 0.1, DesiredWeight: 0.1, CurrentInstanceCount: 2, DesiredInstanceCount: 2, DeployedImages: deployed },
        ],
        DataCaptureConfig: {
            EnableCapture: true,
            CaptureStatus: "Started",
            CurrentSamplingPercentage: 20,
            DestinationS3Uri: "s3://mlops-prod-data-capture-684c38a/datacapture",
            KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555",
        },
        ...overrides,
    };
}

function liveConfig(overrides: Partial<DescribeEndpointConfigCommandOutput> = {}): DescribeEndpointConfigCommandOutput {
    return {
        $metadata: {},
        EndpointConfigName: "mlops-prod-serving-0a1b2c3",
        EndpointConfigArn: "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/mlops-prod-serving-0a1b2c3",
        CreationTime: new Date("2026-11-20T00:00:00Z"),
        ProductionVariants: [
            { VariantName: "primary", ModelName: "mlops-prod-serving-primary-1111111", InstanceType: "ml.m5.large", InitialInstanceCount: 2, InitialVariantWeight: 0.9 },
            { VariantName: "challenger", ModelName: "mlops-prod-serving-challenger-2222222", InstanceType: "ml.m5.large", InitialInstanceCount: 2, InitialVariantWeight: 0.1 },
        ],
        ...overrides,
    };
}

/** Two pages of endpoint configs; the newest (in service) is on the second page. */
function mockConfigPages(newestOnPage2 = "mlops-prod-serving-0a1b2c3") {
    const seen: (string | undefined)[] = [];
    sagemaker.on(ListEndpointConfigsCommand).callsFake((input: ListEndpointConfigsCommandInput) => {
        seen.push(input.NextToken);
        assert.strictEqual(input.NameContains, "mlops-prod-serving-");
        if (input.NextToken === undefined) {
            return {
                EndpointConfigs: [
                    { EndpointConfigName: "mlops-prod-serving-9999999", EndpointConfigArn: "arn:1", CreationTime: new Date("2026-10-01T00:00:00Z") },
                    { EndpointConfigName: "other-mlops-prod-serving-x", EndpointConfigArn: "arn:x", CreationTime: new Date("2026-12-01T00:00:00Z") },
                ],
                NextToken: "page-2",
            };
        }
        return { EndpointConfigs: [{ EndpointConfigName: newestOnPage2, EndpointConfigArn: "arn:2", CreationTime: new Date("2026-11-20T00:00:00Z") }] };
    });
    return seen;
}

describe("verify", () => {
    beforeEach(() => sagemaker.reset());
    after(() => sagemaker.restore());

    describe("match (exit 0)", () => {
        it("from config: status, all config pages, variants, weights, counts and capture match", async () => {
            sagemaker.on(DescribeEndpointCommand, { EndpointName: "customer-segmentation" }).resolves(liveEndpoint());
            sagemaker.on(DescribeEndpointConfigCommand, { EndpointConfigName: "mlops-prod-serving-0a1b2c3" }).resolves(liveConfig());
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
                        { VariantName: "primary", CurrentWeight: 1, CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 20 }, DeployedImages: [{ SpecifiedImage: "repo:v0.0", ResolvedImage: `repo@${DIGEST}` }] },
                    ],
                    DataCaptureConfig: undefined,
                }),
            );
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig({ ProductionVariants: [{ VariantName: "primary", ModelName: "m", ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 20 } }] }));
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
                        { VariantName: "primary", CurrentWeight: 0.5, CurrentInstanceCount: 8, DeployedImages: [{ SpecifiedImage: "repo:hotfix", ResolvedImage: `repo@sha256:${"cd".repeat(32)}` }] },
                        { VariantName: "challenger", CurrentWeight: 0.5, CurrentInstanceCount: 1, DeployedImages: deployed },
                    ],
                    DataCaptureConfig: { EnableCapture: true, CaptureStatus: "Started", CurrentSamplingPercentage: 100, DestinationS3Uri: "s3://somewhere-else/dump", KmsKeyId: "k" },
                }),
            );
            sagemaker.on(DescribeEndpointConfigCommand).resolves(
                liveConfig({
                    ProductionVariants: [
                        { VariantName: "primary", ModelName: "m1", InstanceType: "ml.c5.xlarge", InitialInstanceCount: 2, InitialVariantWeight: 0.9 },
                        { VariantName: "challenger", ModelName: "m2", InstanceType: "ml.m5.large", InitialInstanceCount: 2, InitialVariantWeight: 0.1 },
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
                "data capture: destination: expected s3://mlops-prod-data-capture-684c38a/datacapture, live s3://somewhere-else/dump",
            ]);
        });

        it("capture configured but not running (CaptureStatus Stopped)", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(liveEndpoint({ DataCaptureConfig: { ...liveEndpoint().DataCaptureConfig!, CaptureStatus: "Stopped" } }));
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            const result = await verifyEndpoint(client(), expectedFromOutputs, fastRetry().options);
            assert.strictEqual(result.exitCode, 1);
            assert.deepStrictEqual(result.differences, ["data capture: status: expected Started, live Stopped"]);
        });

        it("serverless provisioned concurrency changed", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(liveEndpoint({ ProductionVariants: [{ VariantName: "primary", CurrentWeight: 1 }], DataCaptureConfig: undefined }));
            sagemaker
                .on(DescribeEndpointConfigCommand)
                .resolves(liveConfig({ ProductionVariants: [{ VariantName: "primary", ModelName: "m", ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 20, ProvisionedConcurrency: 2 } }] }));
            const result = await verifyEndpoint(
                client(),
                {
                    endpointName: "customer-segmentation",
                    endpointConfigName: "mlops-prod-serving-0a1b2c3",
                    image: { tag: "v0.0" },
                    variants: [{ name: "primary", weight: 1, serverless: { memoryMb: 2048, maxConcurrency: 20, provisionedConcurrency: 5 } }],
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
            sagemaker.on(DescribeEndpointCommand).resolves(liveEndpoint({ EndpointStatus: "Failed", FailureReason: "CannotStartContainerError: /ping did not return 200" }));
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            const result = await verifyEndpoint(client(), expectedFromOutputs, fastRetry().options);
            assert.strictEqual(result.exitCode, 1);
            assert.deepStrictEqual(result.differences, [
                "endpoint status: expected InService, live Failed",
                "last deployment: expected succeeded, live failed or rolled back: CannotStartContainerError: /ping did not return 200",
            ]);
        });

        it("a rolled-back deployment: a newer config (found on page 2) is not in service", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(liveEndpoint({ EndpointConfigName: "mlops-prod-serving-9999999" }));
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig({ EndpointConfigName: "mlops-prod-serving-9999999" }));
            mockConfigPages("mlops-prod-serving-0a1b2c3");
            const result = await verifyEndpoint(client(), expectedFromConfig, fastRetry().options);
            assert.strictEqual(result.exitCode, 1);
            assert.deepStrictEqual(result.differences, [
                "endpoint config in service: expected newest mlops-prod-serving-* (mlops-prod-serving-0a1b2c3), live mlops-prod-serving-9999999",
            ]);
        });

        it("from outputs: the stack's config is not the one in service; variants renamed; capture off", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(
                liveEndpoint({
                    EndpointConfigName: "hand-made-config",
                    ProductionVariants: [{ VariantName: "primary", CurrentWeight: 0.9, CurrentInstanceCount: 2, DeployedImages: deployed }, { VariantName: "challenger-v2", CurrentWeight: 0.1, CurrentInstanceCount: 2 }],
                    DataCaptureConfig: { EnableCapture: false, CaptureStatus: "Stopped", CurrentSamplingPercentage: 0, DestinationS3Uri: "s3://x/y", KmsKeyId: "k" },
                }),
            );
            sagemaker.on(DescribeEndpointConfigCommand, { EndpointConfigName: "hand-made-config" }).resolves(
                liveConfig({
                    EndpointConfigName: "hand-made-config",
                    ProductionVariants: [
                        { VariantName: "primary", ModelName: "m1", InstanceType: "ml.m5.large", InitialInstanceCount: 2, InitialVariantWeight: 0.9 },
                        { VariantName: "challenger-v2", ModelName: "m2", InstanceType: "ml.m5.large", InitialInstanceCount: 2, InitialVariantWeight: 0.1 },
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
            sagemaker.on(DescribeEndpointCommand).rejects(awsError("ValidationException", 'Could not find endpoint "customer-segmentation".'));
            const result = await verifyEndpoint(client(), expectedFromConfig, fastRetry().options);
            assert.strictEqual(result.exitCode, 2);
            assert.match(result.error ?? "", /^endpoint customer-segmentation not found \(Could not find endpoint/);
        });

        it("missing credentials", async () => {
            sagemaker.on(DescribeEndpointCommand).rejects(awsError("CredentialsProviderError", "Could not load credentials from any providers"));
            const result = await verifyEndpoint(client(), expectedFromConfig, fastRetry().options);
            assert.strictEqual(result.exitCode, 2);
            assert.match(result.error ?? "", /^no usable AWS credentials/);
        });

        it("access denied", async () => {
            sagemaker.on(DescribeEndpointCommand).rejects(awsError("AccessDeniedException", "not authorized to perform: sagemaker:DescribeEndpoint"));
            const result = await verifyEndpoint(client(), expectedFromConfig, fastRetry().options);
            assert.strictEqual(result.exitCode, 2);
            assert.match(result.error ?? "", /^access denied reading endpoint customer-segmentation/);
        });

        it("throttled on every attempt: gives up after maxAttempts with exponential backoff", async () => {
            sagemaker.on(DescribeEndpointCommand).rejects(awsError("ThrottlingException", "Rate exceeded"));
            const retry = fastRetry(4);
            const result = await verifyEndpoint(client(), expectedFromConfig, retry.options);
            assert.strictEqual(result.exitCode, 2);
            assert.strictEqual(result.error, "DescribeEndpoint: throttled by AWS, gave up after 4 attempts (ThrottlingException); retry later");
            assert.strictEqual(sagemaker.commandCalls(DescribeEndpointCommand).length, 4);
            assert.deepStrictEqual(retry.delays, [100, 200, 400]);
        });
    });

    describe("transient failures and jitter", () => {
        const serverError = (name: string, status: number) => Object.assign(new Error(`${name} (${status})`), { name, $metadata: { httpStatusCode: status }, $fault: "server" });

        it("a 503 and a dropped connection are retried like throttling, then the endpoint matches", async () => {
            sagemaker
                .on(DescribeEndpointCommand)
                .rejectsOnce(serverError("ServiceUnavailable", 503))
                .rejectsOnce(Object.assign(new Error("socket hang up"), { name: "Error", code: "ECONNRESET" }))
                .resolves(liveEndpoint());
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            const retry = fastRetry(4);
            const result = await verifyEndpoint(client(), expectedFromOutputs, retry.options);
            assert.strictEqual(result.exitCode, 0, result.error ?? result.differences.join("\n"));
            assert.strictEqual(sagemaker.commandCalls(DescribeEndpointCommand).length, 3);
            assert.deepStrictEqual(retry.delays, [100, 200]);
        });

        it("a persistent internal failure gives up with a clear reason (exit 2)", async () => {
            sagemaker.on(DescribeEndpointCommand).rejects(serverError("InternalFailure", 500));
            const result = await verifyEndpoint(client(), expectedFromOutputs, fastRetry(3).options);
            assert.strictEqual(result.exitCode, 2);
            assert.strictEqual(result.error, "DescribeEndpoint: AWS kept failing, gave up after 3 attempts (InternalFailure: InternalFailure (500)); retry later");
        });

        it("client errors are not retried", async () => {
            sagemaker.on(DescribeEndpointCommand).rejects(awsError("ValidationException", 'Could not find endpoint "customer-segmentation".'));
            const retry = fastRetry(4);
            await verifyEndpoint(client(), expectedFromOutputs, retry.options);
            assert.strictEqual(sagemaker.commandCalls(DescribeEndpointCommand).length, 1);
            assert.deepStrictEqual(retry.delays, []);
        });

        it("other SDK throttling codes count as throttling (RequestThrottledException, ThrottledException)", async () => {
            sagemaker
                .on(DescribeEndpointCommand)
                .rejectsOnce(awsError("RequestThrottledException", "slow down"))
                .rejectsOnce(awsError("ThrottledException", "slow down"))
                .resolves(liveEndpoint());
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            const result = await verifyEndpoint(client(), expectedFromOutputs, fastRetry(4).options);
            assert.strictEqual(result.exitCode, 0, result.error ?? result.differences.join("\n"));
        });

        it("backoff is jittered: half of the capped delay fixed, half random", async () => {
            sagemaker.on(DescribeEndpointCommand).rejects(awsError("ThrottlingException", "Rate exceeded"));
            const retry = fastRetry(4, () => 0);
            await verifyEndpoint(client(), expectedFromOutputs, retry.options);
            assert.deepStrictEqual(retry.delays, [50, 100, 200]);
        });
    });

    describe("throttling that clears", () => {
        it("retries DescribeEndpoint and a ListEndpointConfigs page, then matches", async () => {
            sagemaker
                .on(DescribeEndpointCommand)
                .rejectsOnce(awsError("ThrottlingException", "Rate exceeded"))
                .rejectsOnce(Object.assign(new Error("slow down"), { name: "SomethingElse", $retryable: { throttling: true } }))
                .resolves(liveEndpoint());
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            let listCalls = 0;
            sagemaker.on(ListEndpointConfigsCommand).callsFake((input: ListEndpointConfigsCommandInput) => {
                listCalls++;
                if (input.NextToken === "page-2" && listCalls === 2) throw awsError("ThrottlingException", "Rate exceeded");
                return input.NextToken === undefined
                    ? { EndpointConfigs: [], NextToken: "page-2" }
                    : { EndpointConfigs: [{ EndpointConfigName: "mlops-prod-serving-0a1b2c3", EndpointConfigArn: "a", CreationTime: new Date() }] };
            });
            const retry = fastRetry(4);
            const result = await verifyEndpoint(client(), expectedFromConfig, retry.options);
            assert.strictEqual(result.exitCode, 0, result.error ?? result.differences.join("\n"));
            assert.strictEqual(sagemaker.commandCalls(DescribeEndpointCommand).length, 3);
            assert.strictEqual(listCalls, 3);
            assert.deepStrictEqual(retry.delays, [100, 200, 100]);
        });
    });

    describe("command line", () => {
        const io = () => {
            const out: string[] = [];
            const err: string[] = [];
            return { out, err, io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), projectDir, makeClient: () => client(), retry: fastRetry().options } };
        };

        it("--stack prod reads Pulumi.prod.yaml through the schema and prints a table", async () => {
            const prodImage = [{ SpecifiedImage: `repo@sha256:${"0".repeat(64)}` }]; // the digest pinned in Pulumi.prod.yaml
            const variants = liveEndpoint().ProductionVariants!.map((v) => ({ ...v, DeployedImages: prodImage }));
            sagemaker.on(DescribeEndpointCommand).resolves(liveEndpoint({ ProductionVariants: variants }));
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            mockConfigPages();
            const run = io();
            const code = await runVerify(["--stack", "prod"], run.io);
            assert.strictEqual(code, 0, run.out.join("\n") + run.err.join("\n"));
            const text = run.out.join("\n");
            assert.match(text, /^endpoint customer-segmentation \(us-east-1\)/);
            assert.match(text, /CHECK\s+EXPECTED\s+LIVE\s+STATUS/);
            assert.match(text, /variant primary: weight\s+0\.9\s+0\.9\s+ok/);
            assert.match(text, /OK: the live endpoint matches the stack/);
        });

        it("--outputs - reads `pulumi stack output --json` from stdin and lists drift", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(liveEndpoint({ EndpointConfigName: "other" }));
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            const run = io();
            const outputs = { servingEndpointArn: "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/customer-segmentation", servingExpected: expectedFromOutputs };
            const code = await runVerify(["--outputs", "-"], { ...run.io, readStdin: () => JSON.stringify(outputs) });
            assert.strictEqual(code, 1);
            const text = run.out.join("\n");
            assert.match(text, /^endpoint customer-segmentation \(eu-west-1\)/);
            assert.match(text, /DRIFT: 1 difference\(s\)\n {2}- endpoint config in service: expected mlops-prod-serving-0a1b2c3, live other/);
        });

        it("--json prints the result document", async () => {
            sagemaker.on(DescribeEndpointCommand).rejects(awsError("ValidationException", "Could not find endpoint"));
            const run = io();
            const code = await runVerify(["--stack", "dev", "--json"], run.io);
            assert.strictEqual(code, 2);
            const doc = JSON.parse(run.out.join(""));
            assert.deepStrictEqual(Object.keys(doc), ["exitCode", "rows", "differences", "error"]);
            assert.match(doc.error, /endpoint customer-segmentation-dev not found/);
        });

        it("bad input exits 2 with a message: usage, unknown stack, outputs without serving", async () => {
            for (const [argv, stdin, expected] of [
                [["--stack"], "", /--stack needs a value/],
                [["--bogus"], "", /unknown argument --bogus/],
                [["--stack", "nope"], "", /cannot read .*Pulumi\.nope\.yaml/],
                [["--outputs", "-"], "{}", /no servingExpected/],
                [["--outputs", "-"], "not json", /stack outputs are not JSON/],
                [["--outputs", "-", "--stack", "dev"], "{}", /--outputs replaces --stack/],
            ] as [string[], string, RegExp][]) {
                const run = io();
                const code = await runVerify(argv, { ...run.io, readStdin: () => stdin });
                assert.strictEqual(code, 2, argv.join(" "));
                assert.match(run.err.join("\n"), expected);
            }
            assert.strictEqual(sagemaker.calls().length, 0, "nothing is called on bad input");
        });

        it("parses arguments", () => {
            assert.deepStrictEqual(parseVerifyArgs(["--stack", "prod", "--region", "eu-west-1", "--json"]), { stack: "prod", region: "eu-west-1", json: true });
        });

        it("formats an aligned table", () => {
            assert.strictEqual(
                formatTable([
                    { check: "a", expected: "1", live: "1", status: "ok" },
                    { check: "longer check", expected: "x", live: "yy", status: "DRIFT" },
                ]),
                ["CHECK         EXPECTED  LIVE  STATUS", "a             1         1     ok", "longer check  x         yy    DRIFT"].join("\n"),
            );
        });
    });
});

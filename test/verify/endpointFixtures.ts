/** SageMaker mocks and expected endpoints shared by the verifier specs. */
import {
    DescribeEndpointCommandOutput,
    DescribeEndpointConfigCommandOutput,
    ListEndpointConfigsCommand,
    ListEndpointConfigsCommandInput,
    SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import * as assert from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { ExpectedEndpoint } from "../../components/serving/servingSpec";

const createMock = () => mockClient(SageMakerClient);

/** The mocked SageMaker client of the running suite (see {@link useSageMakerMock}). */
export let sagemaker: ReturnType<typeof createMock>;

/** Mocks SageMakerClient for the enclosing suite: reset before each test, restored after the suite. */
export function useSageMakerMock(): void {
    before(() => {
        sagemaker = createMock();
    });
    beforeEach(() => sagemaker.reset());
    after(() => sagemaker.restore());
}

export const client = () =>
    new SageMakerClient({ region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" } });

/** Instant, recorded backoff; `random` fixes the jitter (1: the full capped delay). */
export function fastRetry(maxAttempts = 4, random = () => 1) {
    const delays: number[] = [];
    return {
        delays,
        options: { maxAttempts, baseDelayMs: 100, random, sleep: async (ms: number) => void delays.push(ms) },
    };
}

export const awsError = (name: string, message: string) =>
    Object.assign(new Error(message), {
        name,
        $metadata: { httpStatusCode: name === "ThrottlingException" ? 400 : 400 },
        $fault: "client",
    });

export const DIGEST = `sha256:${"ab".repeat(32)}`;
export const deployed = [
    {
        SpecifiedImage: `123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-prod-models-a53ef7b@${DIGEST}`,
        ResolvedImage: `123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-prod-models-a53ef7b@${DIGEST}`,
    },
];

/** What `prod` expects (from the stack config: config-name prefix, no exact names). */
export const expectedFromConfig: ExpectedEndpoint = {
    endpointName: "customer-segmentation",
    endpointConfigNamePrefix: "mlops-prod-serving-",
    image: { digest: DIGEST },
    variants: [
        {
            name: "primary",
            instanceType: "ml.m5.large",
            initialInstanceCount: 2,
            weight: 0.9,
            autoscaling: {
                minInstances: 2,
                maxInstances: 6,
                invocationsPerInstance: 1000,
                scaleInCooldownSeconds: 300,
                scaleOutCooldownSeconds: 60,
            },
        },
        { name: "challenger", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.1 },
    ],
    dataCapture: { enabled: true, samplingPercentage: 20, destinationPrefix: "datacapture" },
};

/** The same from stack outputs: exact config name and capture destination. */
export const expectedFromOutputs: ExpectedEndpoint = {
    ...expectedFromConfig,
    endpointConfigNamePrefix: undefined,
    endpointConfigName: "mlops-prod-serving-0a1b2c3",
    dataCapture: {
        ...expectedFromConfig.dataCapture,
        destinationS3Uri: "s3://mlops-prod-data-capture-684c38a/datacapture",
    },
};

export function liveEndpoint(overrides: Partial<DescribeEndpointCommandOutput> = {}): DescribeEndpointCommandOutput {
    return {
        $metadata: {},
        EndpointName: "customer-segmentation",
        EndpointArn: "arn:aws:sagemaker:us-east-1:123456789012:endpoint/customer-segmentation",
        EndpointConfigName: "mlops-prod-serving-0a1b2c3",
        EndpointStatus: "InService",
        CreationTime: new Date("2026-11-01T00:00:00Z"),
        LastModifiedTime: new Date("2026-11-20T00:00:00Z"),
        ProductionVariants: [
            {
                VariantName: "primary",
                CurrentWeight: 0.9,
                DesiredWeight: 0.9,
                CurrentInstanceCount: 3,
                DesiredInstanceCount: 3,
                DeployedImages: deployed,
            },
            {
                VariantName: "challenger",
                CurrentWeight: 0.1,
                DesiredWeight: 0.1,
                CurrentInstanceCount: 2,
                DesiredInstanceCount: 2,
                DeployedImages: deployed,
            },
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

export function liveConfig(
    overrides: Partial<DescribeEndpointConfigCommandOutput> = {},
): DescribeEndpointConfigCommandOutput {
    return {
        $metadata: {},
        EndpointConfigName: "mlops-prod-serving-0a1b2c3",
        EndpointConfigArn: "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/mlops-prod-serving-0a1b2c3",
        CreationTime: new Date("2026-11-20T00:00:00Z"),
        ProductionVariants: [
            {
                VariantName: "primary",
                ModelName: "mlops-prod-serving-primary-1111111",
                InstanceType: "ml.m5.large",
                InitialInstanceCount: 2,
                InitialVariantWeight: 0.9,
            },
            {
                VariantName: "challenger",
                ModelName: "mlops-prod-serving-challenger-2222222",
                InstanceType: "ml.m5.large",
                InitialInstanceCount: 2,
                InitialVariantWeight: 0.1,
            },
        ],
        ...overrides,
    };
}

/** Two pages of endpoint configs; the newest (in service) is on the second page. */
export function mockConfigPages(newestOnPage2 = "mlops-prod-serving-0a1b2c3") {
    const seen: (string | undefined)[] = [];
    sagemaker.on(ListEndpointConfigsCommand).callsFake((input: ListEndpointConfigsCommandInput) => {
        seen.push(input.NextToken);
        assert.strictEqual(input.NameContains, "mlops-prod-serving-");
        if (input.NextToken === undefined) {
            return {
                EndpointConfigs: [
                    {
                        EndpointConfigName: "mlops-prod-serving-9999999",
                        EndpointConfigArn: "arn:1",
                        CreationTime: new Date("2026-10-01T00:00:00Z"),
                    },
                    {
                        EndpointConfigName: "other-mlops-prod-serving-x",
                        EndpointConfigArn: "arn:x",
                        CreationTime: new Date("2026-12-01T00:00:00Z"),
                    },
                ],
                NextToken: "page-2",
            };
        }
        return {
            EndpointConfigs: [
                {
                    EndpointConfigName: newestOnPage2,
                    EndpointConfigArn: "arn:2",
                    CreationTime: new Date("2026-11-20T00:00:00Z"),
                },
            ],
        };
    });
    return seen;
}

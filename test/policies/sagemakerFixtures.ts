/** A passing prod model, endpoint config and endpoint for the SageMaker rule specs; tests change one field. */

export const MODEL = "aws:sagemaker/model:Model";
export const CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
export const ENDPOINT = "aws:sagemaker/endpoint:Endpoint";
export const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";
export const DIGEST = "sha256:" + "a".repeat(64);
export const PROD = { config: { environment: "prod" } };

export const model = {
    executionRoleArn: "arn:aws:iam::123456789012:role/serving",
    primaryContainer: { image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/serving@${DIGEST}` },
    vpcConfig: { subnets: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] },
};
export const config = {
    kmsKeyArn: KEY,
    productionVariants: [
        {
            variantName: "primary",
            modelName: "primary-model",
            instanceType: "ml.m5.large",
            initialInstanceCount: 2,
            initialVariantWeight: 0.9,
        },
        {
            variantName: "challenger",
            modelName: "challenger-model",
            instanceType: "ml.m5.large",
            initialInstanceCount: 2,
            initialVariantWeight: 0.1,
        },
    ],
    dataCaptureConfig: {
        enableCapture: true,
        initialSamplingPercentage: 20,
        destinationS3Uri: "s3://capture-abc1234/endpoint",
        kmsKeyId: KEY,
        captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
    },
};
export const endpoint = {
    endpointConfigName: "endpoint-config-abc1234",
    deploymentConfig: {
        blueGreenUpdatePolicy: {
            trafficRoutingConfiguration: {
                type: "CANARY",
                waitIntervalInSeconds: 600,
                canarySize: { type: "CAPACITY_PERCENT", value: 10 },
            },
        },
        autoRollbackConfiguration: { alarms: [{ alarmName: "errors" }] },
    },
};
export const asModel = (props: Record<string, unknown>, name = "primary-model") => ({ type: MODEL, name, props });
export const asConfig = (props: Record<string, unknown>) => ({ type: CONFIG, name: "endpoint-config", props });
export const asEndpoint = (props: Record<string, unknown>) => ({ type: ENDPOINT, name: "endpoint", props });

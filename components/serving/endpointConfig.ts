/**
 * The endpoint configuration's parts as data: production and shadow variants, data capture, and
 * the asynchronous-inference output (paths in the stack's predictions bucket, the stack key, SNS).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AsyncInferenceSpec } from "./asyncSettings";
import { DataCaptureSpec, VariantSpec } from "./servingSpec";
import type { Integer } from "../core/schemaPrimitives";

/** The fields the component sets: the same for production and shadow variants. */
interface VariantInput {
    readonly variantName: string;
    readonly modelName: pulumi.Output<string>;
    readonly initialVariantWeight: Integer;
    readonly instanceType?: string;
    readonly initialInstanceCount?: Integer;
    readonly serverlessConfig?: {
        readonly memorySizeInMb: Integer;
        readonly maxConcurrency: Integer;
        readonly provisionedConcurrency?: Integer;
    };
}
type DataCaptureConfig = aws.types.input.sagemaker.EndpointConfigurationDataCaptureConfig;
type AsyncInferenceConfig = aws.types.input.sagemaker.EndpointConfigurationAsyncInferenceConfig;

/** The endpoint configuration's (production or shadow) variant for a resolved variant. */
export function productionVariant(v: VariantSpec, modelName: pulumi.Output<string>): VariantInput {
    if (v.serverless !== undefined) {
        return {
            variantName: v.name,
            modelName,
            initialVariantWeight: v.weight,
            serverlessConfig: {
                memorySizeInMb: v.serverless.memoryMb,
                maxConcurrency: v.serverless.maxConcurrency,
                ...(v.serverless.provisionedConcurrency !== undefined
                    ? { provisionedConcurrency: v.serverless.provisionedConcurrency }
                    : {}),
            },
        };
    }
    return {
        variantName: v.name,
        modelName,
        instanceType: v.instanceType,
        initialInstanceCount: v.initialInstanceCount,
        initialVariantWeight: v.weight,
    };
}

/** Data capture of requests and responses, encrypted with the stack key. */
export function dataCaptureConfig(
    capture: DataCaptureSpec,
    destinationS3Uri: pulumi.Input<string>,
    kmsKeyArn: pulumi.Input<string>,
): DataCaptureConfig {
    return {
        enableCapture: true,
        initialSamplingPercentage: capture.samplingPercentage,
        destinationS3Uri,
        kmsKeyId: kmsKeyArn,
        captureOptions: [
            ...(capture.captureInput ? [{ captureMode: "Input" }] : []),
            ...(capture.captureOutput ? [{ captureMode: "Output" }] : []),
        ],
        captureContentTypeHeader: {
            csvContentTypes: capture.csvContentTypes,
            jsonContentTypes: capture.jsonContentTypes,
        },
    };
}

/** Where an asynchronous endpoint writes, and whom it tells. */
export interface AsyncOutputScope {
    readonly bucketName: pulumi.Input<string>;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly successTopicArn?: pulumi.Input<string>;
    readonly errorTopicArn?: pulumi.Input<string>;
}

/**
 * `asyncInferenceConfig`: responses and failures under the endpoint's prefix of the predictions
 * bucket, encrypted with the stack key (AsyncInferenceOutputConfig.KmsKeyId,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AsyncInferenceOutputConfig.html).
 */
export function asyncInferenceConfig(spec: AsyncInferenceSpec, scope: AsyncOutputScope): AsyncInferenceConfig {
    return {
        ...(spec.maxConcurrentInvocationsPerInstance !== undefined
            ? { clientConfig: { maxConcurrentInvocationsPerInstance: spec.maxConcurrentInvocationsPerInstance } }
            : {}),
        outputConfig: {
            s3OutputPath: pulumi.interpolate`s3://${scope.bucketName}/${spec.outputPrefix}`,
            s3FailurePath: pulumi.interpolate`s3://${scope.bucketName}/${spec.failurePrefix}`,
            kmsKeyId: scope.kmsKeyArn,
            ...(scope.successTopicArn !== undefined && scope.errorTopicArn !== undefined
                ? { notificationConfig: { successTopic: scope.successTopicArn, errorTopic: scope.errorTopicArn } }
                : {}),
        },
    };
}

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

/**
 * Instance types whose storage is local NVMe (instance store) rather than EBS. SageMaker refuses an endpoint
 * configuration's volume key for them: "You can't request a KmsKeyId when using an instance type with local
 * storage. If any of the models that you specify in the ProductionVariants parameter use nitro-based
 * instances with local storage, do not specify a value for the KmsKeyId parameter"; their volumes "are
 * encrypted using a hardware module on the instance" (CreateEndpointConfig, KmsKeyId,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html). Which types
 * have instance storage is EC2's table ("Instance store specifications",
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-type-specifications.html): the `d`
 * families (c5d, m5d, r5d, g4dn, p3dn, p4d, p4de, c6id, ...) and the GPU/accelerator families g5, g6,
 * g6e, p5, p5e, p5en, dl1, trn1, trn1n and trn2.
 */
const INSTANCE_STORE_FAMILY = /^ml\.([a-z]+\d+[a-z]*d[a-z]*|g5|g6|g6e|p5|p5e|p5en|dl1|trn1|trn1n|trn2)\./;

/** True when SageMaker serves this instance type from local NVMe storage (no volume KMS key). */
export function hasInstanceStorage(instanceType: string | undefined): boolean {
    return instanceType !== undefined && INSTANCE_STORE_FAMILY.test(instanceType);
}

/** True when the endpoint configuration may carry a volume KMS key: no variant runs on instance storage. */
export function acceptsVolumeKey(variants: readonly { readonly instanceType?: string }[]): boolean {
    return !variants.some((v) => hasInstanceStorage(v.instanceType));
}

/**
 * The configuration's volume key: the stack key, or none when a production or shadow variant runs on
 * instance storage (data capture and asynchronous output keep the stack key either way).
 */
export function volumeKey<K>(variants: readonly { readonly instanceType?: string }[], kmsKeyArn: K): { kmsKeyArn?: K } {
    return acceptsVolumeKey(variants) ? { kmsKeyArn } : {};
}

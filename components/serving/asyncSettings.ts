/**
 * `mlops-platform:serving.asyncInference`: the endpoint mode in which SageMaker queues requests
 * (payloads in S3, `InvokeEndpointAsync`), writes responses and failures to the stack's predictions
 * bucket encrypted with the stack key, optionally notifies SNS topics, and scales on the queue
 * backlog, down to zero instances (https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference.html,
 * https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html).
 */
import { z } from "zod";
import type { Integer } from "../core/schemaPrimitives";

/** Backlog-based scaling of every variant of an asynchronous endpoint. */
export interface AsyncScalingArgs {
    /** Fewest instances; 0 lets an idle endpoint scale to zero (requests wait in the queue). */
    readonly minInstances: Integer;
    /** Most instances. */
    readonly maxInstances: Integer;
    /** Target `ApproximateBacklogSizePerInstance` (queued requests per instance). */
    readonly backlogPerInstance: number;
    /** Seconds between scale-in activities. Default: 600. */
    readonly scaleInCooldownSeconds?: Integer;
    /** Seconds between scale-out activities. Default: 300. */
    readonly scaleOutCooldownSeconds?: Integer;
}

/** Asynchronous inference: the endpoint takes only `InvokeEndpointAsync` requests. */
export interface AsyncInferenceArgs {
    /** Concurrent requests SageMaker sends one instance (1–1000). Default: SageMaker's choice. */
    readonly maxConcurrentInvocationsPerInstance?: Integer;
    /** Create KMS-encrypted SNS topics notified on success and on error. Default: false. */
    readonly notifications?: boolean;
    /** Backlog-based autoscaling (replaces variants[].autoscaling). Default: fixed capacity. */
    readonly scaling?: AsyncScalingArgs;
}

/** Schema of `mlops-platform:serving.asyncInference`. */
export const asyncInferenceSchema = z.strictObject({
    // AsyncInferenceClientConfig.MaxConcurrentInvocationsPerInstance: 1-1000
    // (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AsyncInferenceClientConfig.html).
    maxConcurrentInvocationsPerInstance: z.number().int().min(1).max(1000).optional(),
    notifications: z.boolean().optional(),
    scaling: z
        .strictObject({
            minInstances: z.number().int().min(0).max(100),
            maxInstances: z.number().int().min(1).max(100),
            backlogPerInstance: z.number().gt(0, { error: "must be greater than 0" }).max(100000),
            scaleInCooldownSeconds: z.number().int().min(0).max(3600).optional(),
            scaleOutCooldownSeconds: z.number().int().min(0).max(3600).optional(),
        })
        .superRefine((s, ctx) => {
            if (s.minInstances > s.maxInstances) {
                ctx.addIssue({ code: "custom", path: ["minInstances"], message: "must be at most maxInstances" });
            }
        })
        .optional(),
});

/** Asynchronous inference with every default applied. */
export interface AsyncInferenceSpec {
    readonly maxConcurrentInvocationsPerInstance?: Integer;
    readonly notifications: boolean;
    /** Key prefix (predictions bucket) of the responses. */
    readonly outputPrefix: string;
    /** Key prefix (predictions bucket) of the failure responses. */
    readonly failurePrefix: string;
    /** Key prefix (predictions bucket) clients upload request payloads under. */
    readonly inputPrefix: string;
    readonly scaling?: Required<AsyncScalingArgs>;
}

/** Defaults of the asynchronous mode. */
export const ASYNC_DEFAULTS = {
    /** Scale-in waits longer than scale-out: a backlog that empties briefly should not drop instances. */
    scaleInCooldownSeconds: 600,
    scaleOutCooldownSeconds: 300,
    prefix: (endpointName: string) => `async/${endpointName}/`,
} as const;

/** Applies the defaults (pure). */
export function resolveAsyncInference(endpointName: string, a: AsyncInferenceArgs): AsyncInferenceSpec {
    const prefix = ASYNC_DEFAULTS.prefix(endpointName);
    return {
        ...(a.maxConcurrentInvocationsPerInstance !== undefined
            ? { maxConcurrentInvocationsPerInstance: a.maxConcurrentInvocationsPerInstance }
            : {}),
        notifications: a.notifications ?? false,
        outputPrefix: `${prefix}output/`,
        failurePrefix: `${prefix}failure/`,
        inputPrefix: `${prefix}input/`,
        ...(a.scaling !== undefined
            ? {
                  scaling: {
                      minInstances: a.scaling.minInstances,
                      maxInstances: a.scaling.maxInstances,
                      backlogPerInstance: a.scaling.backlogPerInstance,
                      scaleInCooldownSeconds: a.scaling.scaleInCooldownSeconds ?? ASYNC_DEFAULTS.scaleInCooldownSeconds,
                      scaleOutCooldownSeconds:
                          a.scaling.scaleOutCooldownSeconds ?? ASYNC_DEFAULTS.scaleOutCooldownSeconds,
                  },
              }
            : {}),
    };
}

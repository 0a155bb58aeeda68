import type { AsyncInferenceArgs } from "./asyncSettings";
import type { MonitoringArgs } from "./monitoring/monitoringSettings";
import type { Integer } from "../core/schemaPrimitives";

/** The serving section's argument types (`mlops-platform:serving`), shared by `ModelEndpoint` and `MlopsPlatform`. */
/** Endpoint update strategies: blue/green traffic shifts, or a rolling update (an enum in the component schema). */
export const DeploymentStrategy = {
    allAtOnce: "all-at-once",
    canary: "canary",
    linear: "linear",
    rolling: "rolling",
} as const;
/** A traffic shifting strategy. */
export type DeploymentStrategy = (typeof DeploymentStrategy)[keyof typeof DeploymentStrategy];

/** Autoscaling of an instance-based variant: target tracking on invocations per instance. */
export interface VariantAutoscalingArgs {
    /** Fewest instances (≥ 2 in prod). */
    readonly minInstances: Integer;
    /** Most instances. */
    readonly maxInstances: Integer;
    /** Target `SageMakerVariantInvocationsPerInstance` (invocations per instance per minute). */
    readonly invocationsPerInstance: Integer;
    /** Seconds between scale-in activities. Default: 300. */
    readonly scaleInCooldownSeconds?: Integer;
    /** Seconds between scale-out activities. Default: 60. */
    readonly scaleOutCooldownSeconds?: Integer;
}

/** Serverless capacity of a variant (excludes data capture, VPC and further variants). */
export interface VariantServerlessArgs {
    /** Memory: 1024, 2048, 3072, 4096, 5120 or 6144 MB. */
    readonly memoryMb: Integer;
    /** Maximum concurrent invocations (1–200). */
    readonly maxConcurrency: Integer;
    /** Pre-warmed concurrency (≤ maxConcurrency). Default: none. */
    readonly provisionedConcurrency?: Integer;
}

/** One production variant: a model (the image plus optional artifact) and its capacity and traffic share. */
export interface ModelEndpointVariantArgs {
    /**
     * Variant name: its role (primary, challenger), stable across releases. Blue/green updates require
     * the same names in every endpoint configuration; alarms and autoscaling are keyed by it.
     */
    readonly name: string;
    /** Instance type (EBS-backed, e.g. ml.m5.large). Required unless serverless. */
    readonly instanceType?: string;
    /** Instances at creation. Default: autoscaling.minInstances, else 2 in prod and 1 elsewhere. */
    readonly initialInstanceCount?: Integer;
    /** Relative traffic weight (A/B split is weight / sum of weights). Default: 1. */
    readonly weight?: number;
    /** Autoscaling (instance-based variants only). Default: fixed capacity. */
    readonly autoscaling?: VariantAutoscalingArgs;
    /** Serverless capacity instead of instances. */
    readonly serverless?: VariantServerlessArgs;
    /** Container environment variables of this variant (added to the shared ones). */
    readonly environment?: Record<string, string>;
    /**
     * Model archive (`.tar.gz`) key relative to the model-artifact prefix; becomes `modelDataUrl`. Default: none (model
     * in the image).
     */
    readonly modelDataKey?: string;
    /**
     * Serve this version of the endpoint's model package group instead of the section's image (and
     * `modelDataKey`): the version's inference specification names both. Default: none.
     */
    readonly modelPackageVersion?: Integer;
}

/** Data capture of requests and responses to S3. */
export interface ModelEndpointDataCaptureArgs {
    /** Capture on or off (must be on in prod). */
    readonly enabled: boolean;
    /** Percentage of requests captured (0–100). Default: 20. */
    readonly samplingPercentage?: Integer;
    /** Capture request payloads. Default: true. */
    readonly captureInput?: boolean;
    /** Capture response payloads. Default: true. */
    readonly captureOutput?: boolean;
    /** Content types recorded as CSV. Default: ["text/csv"]. */
    readonly csvContentTypes?: string[];
    /** Content types recorded as JSON. Default: ["application/json"]. */
    readonly jsonContentTypes?: string[];
}

/** Blue/green or rolling deployment of endpoint updates, with auto-rollback on the component's alarms. */
export interface ModelEndpointDeploymentArgs {
    /** Blue/green traffic shifting (everything at once, a canary slice first, linear steps) or rolling batches. */
    readonly strategy: DeploymentStrategy;
    /** Canary: percent of capacity shifted first (1–50). Default: 10. */
    readonly canaryPercent?: Integer;
    /** Linear: percent of capacity shifted per step (10–50, SageMaker's range). Default: 20. */
    readonly linearStepPercent?: Integer;
    /** Rolling: percent of the variant's instances replaced per batch (5–50). Default: 20. */
    readonly batchPercent?: Integer;
    /** Rolling: percent of the instances restored per batch on rollback (5–100). Default: all at once. */
    readonly rollbackBatchPercent?: Integer;
    /** Baking period between shifts, minutes (0–60). Default: 5. */
    readonly waitMinutes?: Integer;
    /** Blue/green: wait before the old fleet is terminated, minutes (0–60). Default: 5. */
    readonly terminationWaitMinutes?: Integer;
    /**
     * Upper bound of one deployment, minutes (10–240); must exceed every baking period plus the termination wait.
     * Default: 60.
     */
    readonly maximumExecutionTimeoutMinutes?: Integer;
}

/** Thresholds of the rollback alarms. */
export interface ModelEndpointAlarmArgs {
    /** 5XX errors per minute (Sum, 2 of 2 minutes) that trip the alarm. Default: 5. */
    readonly max5xxErrors?: Integer;
    /** p99 model latency in milliseconds (3 of 3 minutes) that trips the alarm. Default: 1000. */
    readonly maxModelLatencyMs?: Integer;
}

/** The image to serve: exactly one of an (immutable) tag or a digest. */
export interface ModelImageArgs {
    /** Image tag in the repository (tags are immutable there). */
    readonly tag?: string;
    /** Image digest, `sha256:<64 hex>` (recommended in prod). */
    readonly digest?: string;
}

/** The endpoint settings of the stack config (`mlops-platform:serving`), shared by the component and the platform. */
export interface EndpointSettings {
    /** Endpoint name (stable: clients invoke it by name). */
    readonly endpointName: string;
    /** The image to serve: exactly one of an (immutable) tag or a digest (`sha256:...`). */
    readonly image: ModelImageArgs;
    /** Production variants (one for serverless). */
    readonly variants: ModelEndpointVariantArgs[];
    /**
     * A challenger that receives a copy of the production traffic and whose answers are not returned
     * (SageMaker: one shadow variant, and then one production variant). Default: none.
     */
    readonly shadowVariants?: ModelEndpointVariantArgs[];
    /** Asynchronous inference (queued requests, responses in S3). Default: real-time. */
    readonly asyncInference?: AsyncInferenceArgs;
    /** Data capture settings. Default: off (required on in prod). */
    readonly dataCapture?: ModelEndpointDataCaptureArgs;
    /**
     * Blue/green deployment with auto-rollback. Default: none (SageMaker's plain all-at-once update); required in prod.
     */
    readonly deployment?: ModelEndpointDeploymentArgs;
    /** Rollback alarm thresholds. */
    readonly alarms?: ModelEndpointAlarmArgs;
    /** Data-quality monitoring of the captured data. Default: none; required in prod when capture is on. */
    readonly monitoring?: MonitoringArgs;
}

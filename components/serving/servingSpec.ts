/**
 * The serving defaults in one place: turns the (validated) serving section into the fully
 * resolved endpoint specification that `ModelEndpoint` deploys and `tools/verify/`
 * expects to find live. Pure functions, no Pulumi resources: the verifier imports it too.
 */
import { Environment, PerEnvironment } from "../core/environment";
// Types only: the verifier imports this module without loading the Pulumi AWS SDK.
import type { DeploymentStrategy, EndpointSettings } from "./endpointArgs";
import { ModelLineage, modelLineage } from "./lineage";
import type { Integer } from "../core/schemaPrimitives";

/** Autoscaling of an instance-based variant (target tracking on invocations per instance). */
export interface VariantAutoscalingSpec {
    /** Minimum instance count the scaling target keeps. */
    readonly minInstances: Integer;
    /** Maximum instance count the scaling target allows. */
    readonly maxInstances: Integer;
    /** Target value of `SageMakerVariantInvocationsPerInstance` (invocations per instance per minute). */
    readonly invocationsPerInstance: Integer;
    /** Seconds after a scale-in before another scale-in. */
    readonly scaleInCooldownSeconds: Integer;
    /** Seconds after a scale-out before another scale-out. */
    readonly scaleOutCooldownSeconds: Integer;
}

/** Serverless settings of a variant. */
export interface VariantServerlessSpec {
    /** Memory in MB (1024–6144 in steps of 1024). */
    readonly memoryMb: Integer;
    /** Maximum concurrent invocations (1–200). */
    readonly maxConcurrency: Integer;
    /** Pre-warmed concurrency, if any. */
    readonly provisionedConcurrency?: Integer;
}

/** One production variant with every default applied. */
export interface VariantSpec {
    /** Variant name (stable role name such as primary, challenger). */
    readonly name: string;
    /** Instance type; absent for serverless variants. */
    readonly instanceType?: string;
    /** Initial instance count; absent for serverless variants. */
    readonly initialInstanceCount?: Integer;
    /** Relative traffic weight. */
    readonly weight: number;
    /** Autoscaling, for instance-based variants that configure it. */
    readonly autoscaling?: VariantAutoscalingSpec;
    /** Serverless settings, for a serverless variant. */
    readonly serverless?: VariantServerlessSpec;
    /** Version of the endpoint's model package group the variant serves, when it serves one. */
    readonly modelPackageVersion?: Integer;
}

/** Data capture with every default applied. */
export interface DataCaptureSpec {
    /** Whether capture is on. */
    readonly enabled: boolean;
    /** Percentage of requests captured (0–100). */
    readonly samplingPercentage: Integer;
    /** Capture request payloads. */
    readonly captureInput: boolean;
    /** Capture response payloads. */
    readonly captureOutput: boolean;
    /** Content types recorded as CSV. */
    readonly csvContentTypes: string[];
    /** Content types recorded as JSON. */
    readonly jsonContentTypes: string[];
}

/** Blue/green deployment settings with every default applied (in seconds, as SageMaker takes them). */
export interface DeploymentSpec {
    /** Traffic shifting strategy. */
    readonly strategy: DeploymentStrategy;
    /** Canary: percent of capacity shifted first. */
    readonly canaryPercent?: Integer;
    /** Linear: percent of capacity shifted per step. */
    readonly linearStepPercent?: Integer;
    /** Rolling: percent of the instances replaced per batch. */
    readonly batchPercent?: Integer;
    /** Rolling: percent of the instances restored per batch on rollback (SageMaker's default when absent). */
    readonly rollbackBatchPercent?: Integer;
    /** Baking period between traffic shifts, in seconds. */
    readonly waitIntervalSeconds: Integer;
    /** Blue/green: wait before terminating the old (blue) fleet, in seconds (0 when rolling). */
    readonly terminationWaitSeconds: Integer;
    /** Upper bound of the whole deployment, in seconds. */
    readonly maximumExecutionTimeoutSeconds: Integer;
}

/** The serving inputs the resolution reads: the endpoint settings of the config / ModelEndpoint args. */
export type ServingSpecInput = Pick<EndpointSettings, "variants" | "dataCapture" | "deployment" | "shadowVariants">;

/** Defaults of the serving section (docs/configuration.md lists them; docs/serving.md explains them). */
export const SERVING_DEFAULTS = {
    /** Traffic weight of a variant that sets none (equal shares). */
    weight: 1,
    /** Autoscaling: seconds between scale-in steps (slow in, so a dip does not drop capacity). */
    scaleInCooldownSeconds: 300,
    /** Autoscaling: seconds between scale-out steps (fast out). */
    scaleOutCooldownSeconds: 60,
    /** Data capture: share of requests captured. */
    samplingPercentage: 20,
    /** Data capture: content types recorded as CSV. */
    csvContentTypes: ["text/csv"],
    /** Data capture: content types recorded as JSON. */
    jsonContentTypes: ["application/json"],
    /** Canary deployments: share of capacity the new fleet takes first. */
    canaryPercent: 10,
    /** Linear deployments: share of capacity shifted per step. */
    linearStepPercent: 20,
    /** Rolling deployments: share of instances replaced per batch. */
    batchPercent: 20,
    /** Baking period after each traffic shift, minutes. */
    waitMinutes: 5,
    /** Minutes the old fleet stays after the last shift (fast rollback). */
    terminationWaitMinutes: 5,
    /** Upper bound of one deployment, minutes. */
    maximumExecutionTimeoutMinutes: 60,
    /** Instance-based variants without a count or autoscaling: 2 in prod (one per AZ), else 1. */
    initialInstanceCount: { dev: 1, staging: 1, prod: 2 } as PerEnvironment<number>,
    /** Rollback alarm: 5XX errors per minute that fail a deployment. */
    max5xxErrors: 5,
    /** Rollback alarm: average model latency, milliseconds, that fails a deployment. */
    maxModelLatencyMs: 1000,
    /** Key prefix (in the model-registry bucket) under which `modelDataKey`s live, per endpoint. */
    modelArtifactPrefix: (endpointName: string) => `models/${endpointName}/`,
    /** Key prefix (in the data-capture bucket) SageMaker writes captures under. */
    dataCapturePrefix: "datacapture",
    /** The endpoint's model package group: one per endpoint, named after it (endpoint names are account-unique). */
    packageGroupName: (endpointName: string) => endpointName,
} as const;

/** Initial instance count of an instance-based variant when the config leaves it unset. */
export function defaultInstanceCount(
    environment: Environment,
    variant: { readonly initialInstanceCount?: number; readonly autoscaling?: { readonly minInstances: number } },
): number {
    return (
        variant.initialInstanceCount ??
        variant.autoscaling?.minInstances ??
        SERVING_DEFAULTS.initialInstanceCount[environment]
    );
}

/** Resolves every variant's defaults. */
export function resolveVariants(environment: Environment, serving: Pick<ServingSpecInput, "variants">): VariantSpec[] {
    return serving.variants.map((v) => {
        const weight = v.weight ?? SERVING_DEFAULTS.weight;
        const servedPackage = v.modelPackageVersion !== undefined ? { modelPackageVersion: v.modelPackageVersion } : {};
        if (v.serverless !== undefined) {
            return {
                name: v.name,
                weight,
                serverless: {
                    memoryMb: v.serverless.memoryMb,
                    maxConcurrency: v.serverless.maxConcurrency,
                    ...(v.serverless.provisionedConcurrency !== undefined
                        ? { provisionedConcurrency: v.serverless.provisionedConcurrency }
                        : {}),
                },
                ...servedPackage,
            };
        }
        return {
            name: v.name,
            instanceType: v.instanceType,
            initialInstanceCount: defaultInstanceCount(environment, v),
            weight,
            ...(v.autoscaling !== undefined
                ? {
                      autoscaling: {
                          minInstances: v.autoscaling.minInstances,
                          maxInstances: v.autoscaling.maxInstances,
                          invocationsPerInstance: v.autoscaling.invocationsPerInstance,
                          scaleInCooldownSeconds:
                              v.autoscaling.scaleInCooldownSeconds ?? SERVING_DEFAULTS.scaleInCooldownSeconds,
                          scaleOutCooldownSeconds:
                              v.autoscaling.scaleOutCooldownSeconds ?? SERVING_DEFAULTS.scaleOutCooldownSeconds,
                      },
                  }
                : {}),
            ...servedPackage,
        };
    });
}

/** Resolves the shadow variants' defaults (none when unset). */
export function resolveShadowVariants(environment: Environment, serving: ServingSpecInput): VariantSpec[] {
    return resolveVariants(environment, { variants: serving.shadowVariants ?? [] });
}

/** Resolves data capture defaults (off when unset). */
export function resolveDataCapture(serving: ServingSpecInput): DataCaptureSpec {
    const d = serving.dataCapture;
    return {
        enabled: d?.enabled ?? false,
        samplingPercentage: d?.samplingPercentage ?? SERVING_DEFAULTS.samplingPercentage,
        captureInput: d?.captureInput ?? true,
        captureOutput: d?.captureOutput ?? true,
        csvContentTypes: [...(d?.csvContentTypes ?? SERVING_DEFAULTS.csvContentTypes)],
        jsonContentTypes: [...(d?.jsonContentTypes ?? SERVING_DEFAULTS.jsonContentTypes)],
    };
}

/** Resolves the blue/green deployment settings; undefined when no deployment is configured. */
export function resolveDeployment(serving: ServingSpecInput): DeploymentSpec | undefined {
    const d = serving.deployment;
    if (d === undefined) return undefined;
    return {
        strategy: d.strategy,
        ...(d.strategy === "canary" ? { canaryPercent: d.canaryPercent ?? SERVING_DEFAULTS.canaryPercent } : {}),
        ...(d.strategy === "linear"
            ? { linearStepPercent: d.linearStepPercent ?? SERVING_DEFAULTS.linearStepPercent }
            : {}),
        ...(d.strategy === "rolling"
            ? {
                  batchPercent: d.batchPercent ?? SERVING_DEFAULTS.batchPercent,
                  ...(d.rollbackBatchPercent !== undefined ? { rollbackBatchPercent: d.rollbackBatchPercent } : {}),
              }
            : {}),
        waitIntervalSeconds: (d.waitMinutes ?? SERVING_DEFAULTS.waitMinutes) * 60,
        terminationWaitSeconds:
            d.strategy === "rolling" ? 0 : (d.terminationWaitMinutes ?? SERVING_DEFAULTS.terminationWaitMinutes) * 60,
        maximumExecutionTimeoutSeconds:
            (d.maximumExecutionTimeoutMinutes ?? SERVING_DEFAULTS.maximumExecutionTimeoutMinutes) * 60,
    };
}

/** The image every variant serves: a tag or a digest. */
export interface ExpectedImage {
    /** Image tag. */
    readonly tag?: string;
    /** Image digest (`sha256:...`). */
    readonly digest?: string;
}

/** Expected data capture of a live endpoint. */
export interface ExpectedDataCapture {
    /** Whether capture is on. */
    readonly enabled: boolean;
    /** Percentage of requests captured. */
    readonly samplingPercentage: Integer;
    /** Exact `s3://` destination, when known (from stack outputs). */
    readonly destinationS3Uri?: string;
    /** Key prefix of the destination in the capture bucket. */
    readonly destinationPrefix: string;
}

/** What the verifier compares a live endpoint with (also exported by the stack as `servingExpected`). */
export interface ExpectedEndpoint {
    /** Endpoint name. */
    readonly endpointName: string;
    /** Endpoint configuration the stack last deployed, when known (from stack outputs). */
    readonly endpointConfigName?: string;
    /** Prefix of the auto-generated endpoint configuration names (to spot newer, rolled-back configs). */
    readonly endpointConfigNamePrefix?: string;
    /** The image the variants serve. */
    readonly image: ExpectedImage;
    /** Variants with defaults applied. */
    readonly variants: VariantSpec[];
    /** Shadow variants with defaults applied (absent in outputs of older stacks). */
    readonly shadowVariants?: VariantSpec[];
    /** The identity every variant's Model carries as tags and environment, by variant name. */
    readonly lineage?: Record<string, ModelLineage>;
    /** The endpoint's model package group (versions served by `modelPackageVersion` variants). */
    readonly modelPackageGroupName?: string;
    /** Data capture settings. */
    readonly dataCapture: ExpectedDataCapture;
}

/** The lineage of every production and shadow variant, by variant name. */
export function expectedLineage(
    serving: ServingSpecInput & { readonly endpointName: string; readonly image: ExpectedImage },
    artifactPrefix: string = SERVING_DEFAULTS.modelArtifactPrefix(serving.endpointName),
): Record<string, ModelLineage> {
    const group = SERVING_DEFAULTS.packageGroupName(serving.endpointName);
    return Object.fromEntries(
        [...serving.variants, ...(serving.shadowVariants ?? [])].map((v) => [
            v.name,
            modelLineage(
                serving.image,
                v.name,
                v.modelDataKey !== undefined ? `${artifactPrefix}${v.modelDataKey}` : undefined,
                v.modelPackageVersion !== undefined ? `${group}/${v.modelPackageVersion}` : undefined,
            ),
        ]),
    );
}

/** The expected endpoint from a serving config section. */
export function expectedEndpoint(
    environment: Environment,
    serving: ServingSpecInput & { readonly endpointName: string; readonly image: ExpectedImage },
    endpointConfigNamePrefix?: string,
    artifactPrefix?: string,
): ExpectedEndpoint {
    const capture = resolveDataCapture(serving);
    return {
        endpointName: serving.endpointName,
        ...(endpointConfigNamePrefix !== undefined ? { endpointConfigNamePrefix } : {}),
        image: expectedImage(serving.image),
        variants: resolveVariants(environment, serving),
        ...(serving.shadowVariants !== undefined
            ? { shadowVariants: resolveShadowVariants(environment, serving) }
            : {}),
        lineage: expectedLineage(serving, artifactPrefix),
        modelPackageGroupName: SERVING_DEFAULTS.packageGroupName(serving.endpointName),
        dataCapture: {
            enabled: capture.enabled,
            samplingPercentage: capture.samplingPercentage,
            destinationPrefix: SERVING_DEFAULTS.dataCapturePrefix,
        },
    };
}

/** Only the set one of tag / digest. */
export function expectedImage(image: ExpectedImage): ExpectedImage {
    return image.digest !== undefined ? { digest: image.digest } : { tag: image.tag };
}

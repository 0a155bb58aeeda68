/**
 * `mlops-platform:pipelines`: the pipeline image (by tag or digest) and the compute of each step's
 * SageMaker Processing job, with the defaults per environment. The DAGs read the resolved values from
 * the uploaded `dags/mlops_pipeline.json` (see `pipelineJobConfig.ts`).
 */
import { z } from "zod";
import { Environment, PerEnvironment } from "../core/environment";
import { ImageReference, imageReferenceSchema, PLACEHOLDER_DIGEST } from "../core/imageReference";
import { registrySchema, RegistrySettings } from "../serving/registrySettings";
import type { Integer } from "../core/schemaPrimitives";

/** The pipeline steps, each one Processing job (`pipelines/<step>.py` in the image). */
export const PIPELINE_STEPS = ["featureEngineering", "feastApply", "materialize", "batchScoring"] as const;
/** A pipeline step. */
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

/** A step's name in job names and in the image (`feature-engineering`: `/opt/pipeline/feature_engineering.py`). */
export const PIPELINE_STEP_NAMES: Record<PipelineStep, string> = {
    featureEngineering: "feature-engineering",
    feastApply: "feast-apply",
    materialize: "materialize",
    batchScoring: "batch-scoring",
};

/** Compute of one step's Processing job
 * (CreateProcessingJob `ProcessingResources.ClusterConfig`, `StoppingCondition`).
 */
export interface PipelineStepSettings {
    /** ML instance type, e.g. `ml.m5.large`. Default: the environment's (ml.t3.medium in dev). */
    readonly instanceType?: string;
    /** Instances (1-100). Default: 1. */
    readonly instanceCount?: Integer;
    /** Storage volume per instance in GB (1-16384). Default: 20 dev, 30 staging, 50 prod (20 for feastApply). */
    readonly volumeSizeGb?: Integer;
    /** Minutes before the job is stopped (1-12960, AWS's 9 days). Default: 60 dev, 120 prod (30 for feastApply). */
    readonly maxRuntimeMinutes?: Integer;
}

/** Per-step compute; unset steps and keys take the environment's defaults. */
export interface PipelineStepsSettings {
    /** Feature engineering (raw data → Parquet features in the offline store). */
    readonly featureEngineering?: PipelineStepSettings;
    /** `feast apply` of the generated feature repository. */
    readonly feastApply?: PipelineStepSettings;
    /** `feast materialize-incremental` into the online store. */
    readonly materialize?: PipelineStepSettings;
    /** Batch scoring with the production model. */
    readonly batchScoring?: PipelineStepSettings;
}

/** The pipeline settings of the stack config (`mlops-platform:pipelines`). */
export interface PipelineSettings {
    /**
     * The pipeline image in the stack's pipeline repository (`pipelineRepositoryUrl` output): a tag or a
     * digest. Default: none, and then the DAGs define no DAG, so no job can start before an image is pushed.
     */
    readonly image?: ImageReference;
    /** Compute of each step's Processing job. */
    readonly steps?: PipelineStepsSettings;
    /** Image retention of the pipeline repository (same defaults as the serving repository). */
    readonly registry?: RegistrySettings;
}

/** A step's compute with every value resolved. */
export type ResolvedPipelineStep = Required<PipelineStepSettings>;

/** Per-step compute defaults per environment: small and short in dev, room for the full data set in prod. */
export const PIPELINE_DEFAULTS: PerEnvironment<Readonly<Record<PipelineStep, ResolvedPipelineStep>>> = {
    dev: {
        featureEngineering: { instanceType: "ml.t3.medium", instanceCount: 1, volumeSizeGb: 20, maxRuntimeMinutes: 60 },
        feastApply: { instanceType: "ml.t3.medium", instanceCount: 1, volumeSizeGb: 20, maxRuntimeMinutes: 30 },
        materialize: { instanceType: "ml.t3.medium", instanceCount: 1, volumeSizeGb: 20, maxRuntimeMinutes: 60 },
        batchScoring: { instanceType: "ml.t3.medium", instanceCount: 1, volumeSizeGb: 20, maxRuntimeMinutes: 60 },
    },
    staging: {
        featureEngineering: { instanceType: "ml.m5.large", instanceCount: 1, volumeSizeGb: 30, maxRuntimeMinutes: 120 },
        feastApply: { instanceType: "ml.t3.medium", instanceCount: 1, volumeSizeGb: 20, maxRuntimeMinutes: 30 },
        materialize: { instanceType: "ml.m5.large", instanceCount: 1, volumeSizeGb: 30, maxRuntimeMinutes: 120 },
        batchScoring: { instanceType: "ml.m5.large", instanceCount: 1, volumeSizeGb: 30, maxRuntimeMinutes: 120 },
    },
    prod: {
        featureEngineering: {
            instanceType: "ml.m5.xlarge",
            instanceCount: 1,
            volumeSizeGb: 50,
            maxRuntimeMinutes: 120,
        },
        feastApply: { instanceType: "ml.t3.medium", instanceCount: 1, volumeSizeGb: 20, maxRuntimeMinutes: 30 },
        materialize: { instanceType: "ml.m5.xlarge", instanceCount: 1, volumeSizeGb: 50, maxRuntimeMinutes: 120 },
        batchScoring: { instanceType: "ml.m5.xlarge", instanceCount: 1, volumeSizeGb: 50, maxRuntimeMinutes: 120 },
    },
};

// Ranges of CreateProcessingJob (https://docs.aws.amazon.com/sagemaker/latest/APIReference/
// API_ProcessingClusterConfig.html, API_ProcessingStoppingCondition.html): InstanceCount 1-100,
// VolumeSizeInGB 1-16384, MaxRuntimeInSeconds 1-777600.
const stepSchema = z.strictObject({
    instanceType: z
        .string()
        .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: "must be an ML instance type such as ml.m5.large" })
        .optional(),
    instanceCount: z.number().int().min(1).max(100).optional(),
    volumeSizeGb: z.number().int().min(1).max(16384).optional(),
    maxRuntimeMinutes: z.number().int().min(1).max(12960).optional(),
});

/** Schema of `mlops-platform:pipelines`. */
export const pipelineSchema = z.strictObject({
    image: imageReferenceSchema
        .refine((i) => i.digest !== PLACEHOLDER_DIGEST, {
            error:
                "the all-zeros digest is a placeholder: push the pipeline image (pipelines/Dockerfile) to the " +
                "pipelineRepositoryUrl output and pin the digest docker push printed, " +
                "or remove the key to keep the DAGs off",
            path: ["digest"],
        })
        .optional(),
    steps: z
        .strictObject(
            Object.fromEntries(PIPELINE_STEPS.map((s) => [s, stepSchema.optional()])) as {
                [K in PipelineStep]: z.ZodOptional<typeof stepSchema>;
            },
        )
        .optional(),
    registry: registrySchema.optional(),
});

/** The pipeline settings with every step's compute resolved (pure; no resources). */
export interface ResolvedPipelineSettings {
    /** The pinned image, or none (pipelines off). */
    readonly image?: ImageReference;
    /** Compute of each step. */
    readonly steps: Readonly<Record<PipelineStep, ResolvedPipelineStep>>;
}

/** Applies the environment's defaults to the pipeline settings. */
export function resolvePipelineSettings(environment: Environment, s: PipelineSettings): ResolvedPipelineSettings {
    const defaults = PIPELINE_DEFAULTS[environment];
    const steps = Object.fromEntries(
        PIPELINE_STEPS.map((step) => [step, { ...defaults[step], ...definedOnly(s.steps?.[step] ?? {}) }]),
    ) as Record<PipelineStep, ResolvedPipelineStep>;
    return { ...(s.image !== undefined ? { image: s.image } : {}), steps };
}

function definedOnly<T extends object>(o: T): Partial<T> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

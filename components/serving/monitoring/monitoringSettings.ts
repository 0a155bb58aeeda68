/**
 * `mlops-platform:serving.monitoring`: data-quality monitoring of the endpoint's captured data.
 * Args interface, zod schema, defaults and the pure resolver, in one place (no Pulumi resources:
 * the schema is composed into the serving section's).
 *
 * Availability: AWS closed SageMaker Model Monitor to new customers on 2026-07-30 ("Existing
 * customers can continue to use the service as normal", note at the top of
 * https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-byoc-cloudwatch.html). An account
 * that is refused sets `engine: external` and monitors the capture prefix with its own job; the
 * stack then creates no Model Monitor resource and tags the endpoint so the policy pack knows.
 */
import { z } from "zod";
import type { Integer } from "../../core/schemaPrimitives";

/** Who monitors the captured data. */
export const MonitoringEngine = { modelMonitor: "model-monitor", external: "external" } as const;
/** A monitoring engine. */
export type MonitoringEngine = (typeof MonitoringEngine)[keyof typeof MonitoringEngine];

/** Endpoint tag that tells the policy pack the captured data is monitored outside this stack. */
export const MONITORING_ENGINE_TAG = "mlops-platform:monitoring";

/** How often the monitoring schedule runs. */
export const MonitoringFrequency = { hourly: "hourly", daily: "daily" } as const;
/** A monitoring frequency. */
export type MonitoringFrequency = (typeof MonitoringFrequency)[keyof typeof MonitoringFrequency];

/** Data-quality monitoring of the endpoint's captured data (requires `dataCapture.enabled`). */
export interface MonitoringArgs {
    /**
     * `model-monitor` (SageMaker Model Monitor job definition + schedule + alarms) or `external`
     * (no Model Monitor resources: for accounts AWS no longer admits to Model Monitor). Default: model-monitor.
     */
    readonly engine?: MonitoringEngine;
    /** Schedule: `hourly` (`cron(0 * ? * * *)`) or `daily` (`cron(0 0 ? * * *)`, 00:00 UTC). Default: daily. */
    readonly frequency?: MonitoringFrequency;
    /**
     * Whether the baselining step has written `statistics.json` and `constraints.json` under the
     * baseline prefix. While false, executions compute statistics only (no constraint check, no
     * drift metrics), so the schedule never depends on objects that do not exist yet. Default: false.
     */
    readonly baselineReady?: boolean;
    /** Instance type of the analysis job. Default: ml.m5.xlarge (the SageMaker Python SDK's default). */
    readonly instanceType?: string;
    /** Job volume size in GB. Default: 30. */
    readonly volumeSizeGb?: Integer;
    /** Upper bound of one execution in minutes (must end before the next one starts). Default: 50 hourly, 120 daily. */
    readonly maxRuntimeMinutes?: Integer;
    /**
     * Features whose `feature_baseline_drift_<name>` metric is alarmed. Default: every feature of the feature views.
     */
    readonly features?: string[];
    /** Analyzer image URI, for regions outside the built-in table. Default: the region's AWS image. */
    readonly analyzerImageUri?: string;
    /**
     * Baseline distance above which a feature's drift alarm fires. Default: 0.1 (the analyzer's default comparison
     * threshold).
     */
    readonly driftThreshold?: number;
}

const cronFor: Record<MonitoringFrequency, string> = {
    // Hourly example from the provider docs (MonitoringSchedule scheduleConfig.scheduleExpression).
    hourly: "cron(0 * ? * * *)",
    daily: "cron(0 0 ? * * *)",
};

/** Keys that configure Model Monitor resources, meaningless when monitoring is external. */
const EXTERNAL_EXCLUDED = [
    "frequency",
    "baselineReady",
    "instanceType",
    "volumeSizeGb",
    "maxRuntimeMinutes",
    "features",
    "analyzerImageUri",
    "driftThreshold",
] as const;

/** Schema of `serving.monitoring`. */
export const monitoringSchema = z
    .strictObject({
        engine: z.enum(["model-monitor", "external"]).optional(),
        frequency: z.enum(["hourly", "daily"]).optional(),
        baselineReady: z.boolean().optional(),
        instanceType: z
            .string()
            .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: "must be a SageMaker instance type such as ml.m5.xlarge" })
            .optional(),
        volumeSizeGb: z.number().int().min(1).max(16384).optional(),
        maxRuntimeMinutes: z.number().int().min(1).max(1440).optional(),
        features: z
            .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, { error: "must be a feature column name" }))
            .min(1)
            .max(50, { error: "at most 50 features are alarmed (one alarm each)" })
            .optional(),
        analyzerImageUri: z
            .string()
            .regex(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9._/-]+(:[\w.-]+)?$/, {
                error: "must be an ECR image URI <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag]",
            })
            .optional(),
        driftThreshold: z.number().gt(0).max(1).optional(),
    })
    .superRefine((m, ctx) => {
        // An hourly execution must finish before the next one: Model Monitor skips a run while one is in progress.
        const runtime = m.maxRuntimeMinutes;
        if ((m.frequency ?? MONITORING_DEFAULTS.frequency) === "hourly" && runtime !== undefined && runtime > 60) {
            ctx.addIssue({
                code: "custom",
                path: ["maxRuntimeMinutes"],
                message: "must be at most 60 with frequency hourly (an execution must end before the next one starts)",
            });
        }
        if (m.engine === "external") {
            for (const key of EXTERNAL_EXCLUDED)
                if (m[key] !== undefined)
                    ctx.addIssue({ code: "custom", path: [key], message: 'does not apply to engine "external"' });
        }
    });

/** Defaults of `serving.monitoring`. */
export const MONITORING_DEFAULTS = {
    engine: "model-monitor" as MonitoringEngine,
    frequency: "daily" as MonitoringFrequency,
    instanceType: "ml.m5.xlarge",
    volumeSizeGb: 30,
    driftThreshold: 0.1,
    maxRuntimeMinutes: { hourly: 50, daily: 120 } as Record<MonitoringFrequency, number>,
    /**
     * Key prefix of an endpoint's monitoring objects (baseline in the model-registry bucket, reports in the capture
     * bucket).
     */
    prefix: (endpointName: string) => `monitoring/${endpointName}/`,
} as const;

/**
 * Account of the AWS data-quality analyzer image
 * `<account>.dkr.ecr.<region>.amazonaws.com/sagemaker-model-monitor-analyzer`
 * per region. Source: aws/sagemaker-python-sdk@021937b7 src/sagemaker/image_uri_config/model-monitor.json
 * (the table of https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-pre-built-container.html).
 */
export const ANALYZER_IMAGE_ACCOUNTS: Readonly<Record<string, string>> = {
    "us-east-1": "156813124566",
    "us-east-2": "777275614652",
    "us-west-2": "159807026194",
    "ca-central-1": "536280801234",
    "eu-west-1": "468650794304",
    "eu-west-2": "749857270468",
    "eu-central-1": "048819808253",
    "ap-northeast-1": "574779866223",
    "ap-southeast-1": "245545462676",
};

/** Repository name of the analyzer image in the accounts above. */
export const ANALYZER_REPOSITORY = "sagemaker-model-monitor-analyzer";

/** The analyzer image of a region, or undefined when the table has no entry (set `analyzerImageUri`). */
export function analyzerImageUri(region: string): string | undefined {
    const account = ANALYZER_IMAGE_ACCOUNTS[region];
    return account === undefined ? undefined : `${account}.dkr.ecr.${region}.amazonaws.com/${ANALYZER_REPOSITORY}`;
}

/** `serving.monitoring` with every default applied (engine model-monitor). */
export interface MonitoringSpec {
    readonly engine: MonitoringEngine;
    readonly frequency: MonitoringFrequency;
    readonly scheduleExpression: string;
    readonly baselineReady: boolean;
    readonly instanceType: string;
    readonly volumeSizeGb: Integer;
    readonly maxRuntimeSeconds: Integer;
    readonly features?: string[];
    readonly analyzerImageUri?: string;
    readonly driftThreshold: number;
}

/** Resolves `serving.monitoring` (validated) to its spec. */
export function resolveMonitoring(m: MonitoringArgs = {}): MonitoringSpec {
    const frequency = m.frequency ?? MONITORING_DEFAULTS.frequency;
    return {
        engine: m.engine ?? MONITORING_DEFAULTS.engine,
        frequency,
        scheduleExpression: cronFor[frequency],
        baselineReady: m.baselineReady ?? false,
        instanceType: m.instanceType ?? MONITORING_DEFAULTS.instanceType,
        volumeSizeGb: m.volumeSizeGb ?? MONITORING_DEFAULTS.volumeSizeGb,
        maxRuntimeSeconds: (m.maxRuntimeMinutes ?? MONITORING_DEFAULTS.maxRuntimeMinutes[frequency]) * 60,
        ...(m.features !== undefined ? { features: [...m.features] } : {}),
        ...(m.analyzerImageUri !== undefined ? { analyzerImageUri: m.analyzerImageUri } : {}),
        driftThreshold: m.driftThreshold ?? MONITORING_DEFAULTS.driftThreshold,
    };
}

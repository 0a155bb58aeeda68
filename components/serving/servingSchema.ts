/**
 * The serving section's schema (`mlops-platform:serving`) and its cross-field rules: what
 * SageMaker refuses, and what prod requires. `ModelEndpoint` validates its plain arguments with it.
 */
import { z } from "zod";
import { Environment } from "../core/environment";
import { monitoringSchema } from "./monitoring/monitoringSettings";
import { registrySchema } from "./registrySettings";
import { guardrailExclusionProblems } from "./deploymentGuardrails";
import { defaultInstanceCount, SERVING_DEFAULTS } from "./servingSpec";

/** SageMaker name rule for endpoints and variants. */
const sagemakerName = z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, {
    error: "must be 1-63 characters of letters, digits and hyphens, starting and ending with a letter or digit",
});

const autoscalingSchema = z
    .strictObject({
        minInstances: z.number().int().min(1).max(100),
        maxInstances: z.number().int().min(1).max(100),
        invocationsPerInstance: z.number().int().min(1).max(100000),
        scaleInCooldownSeconds: z.number().int().min(0).max(3600).optional(),
        scaleOutCooldownSeconds: z.number().int().min(0).max(3600).optional(),
    })
    .superRefine((a, ctx) => {
        if (a.minInstances > a.maxInstances) {
            ctx.addIssue({ code: "custom", path: ["minInstances"], message: "must be at most maxInstances" });
        }
    });

const serverlessSchema = z.strictObject({
    memoryMb: z
        .number()
        .int()
        .min(1024)
        .max(6144)
        .refine((m) => m % 1024 === 0, { error: "must be one of 1024, 2048, 3072, 4096, 5120, 6144" }),
    maxConcurrency: z.number().int().min(1).max(200),
    provisionedConcurrency: z.number().int().min(1).max(200).optional(),
});

const variantSchema = z
    .strictObject({
        name: sagemakerName,
        instanceType: z
            .string()
            .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: "must be a SageMaker instance type such as ml.m5.large" })
            .optional(),
        initialInstanceCount: z.number().int().min(1).max(100).optional(),
        weight: z.number().gt(0, { error: "must be greater than 0" }).max(1000).optional(),
        autoscaling: autoscalingSchema.optional(),
        serverless: serverlessSchema.optional(),
        // SageMaker: at most 100 container environment variables, keys and values up to 1024 characters.
        environment: z
            .record(
                z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,1023}$/, {
                    error: "environment variable names are letters, digits and _ (not starting with a digit)",
                }),
                z.string().max(1024),
            )
            .refine((e) => Object.keys(e).length <= 100, {
                error: "SageMaker accepts at most 100 environment variables",
            })
            .optional(),
        modelDataKey: z
            .string()
            .min(1)
            .max(900)
            .refine((k) => !k.startsWith("/") && !k.split("/").includes(".."), {
                error: "must be a key relative to the model-artifact prefix (no leading / or ..)",
            })
            .refine((k) => k.endsWith(".tar.gz"), {
                error: "must name a .tar.gz archive (SageMaker extracts it into /opt/ml/model)",
            })
            .optional(),
    })
    .superRefine((v, ctx) => {
        if (v.serverless !== undefined) {
            for (const key of ["instanceType", "initialInstanceCount", "autoscaling"] as const) {
                if (v[key] !== undefined) {
                    ctx.addIssue({ code: "custom", path: [key], message: "does not apply to a serverless variant" });
                }
            }
            if (
                v.serverless.provisionedConcurrency !== undefined &&
                v.serverless.provisionedConcurrency > v.serverless.maxConcurrency
            ) {
                ctx.addIssue({
                    code: "custom",
                    path: ["serverless", "provisionedConcurrency"],
                    message: "must be at most maxConcurrency",
                });
            }
        } else if (v.instanceType === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["instanceType"],
                message: "is required unless the variant is serverless",
            });
        }
        if (v.autoscaling !== undefined && v.initialInstanceCount !== undefined) {
            const { minInstances, maxInstances } = v.autoscaling;
            if (v.initialInstanceCount < minInstances || v.initialInstanceCount > maxInstances) {
                ctx.addIssue({
                    code: "custom",
                    path: ["initialInstanceCount"],
                    message: `must be within autoscaling bounds ${minInstances}-${maxInstances}`,
                });
            }
        }
    });

const imageSchema = z
    .strictObject({
        tag: z
            .string()
            .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { error: "must be a valid image tag" })
            .optional(),
        digest: z
            .string()
            .regex(/^sha256:[a-f0-9]{64}$/, { error: "must be sha256:<64 hex characters>" })
            .optional(),
    })
    .superRefine((i, ctx) => {
        if ((i.tag === undefined) === (i.digest === undefined)) {
            ctx.addIssue({ code: "custom", path: [], message: "set exactly one of tag or digest" });
        }
    });

/** SageMaker CaptureContentTypeHeader: 1-10 MIME types per list, each `type/subtype` of at most 256 characters. */
const captureContentTypes = z
    .array(
        z
            .string()
            .max(256)
            .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.])*$/, {
                error: "must be a MIME type such as text/csv or application/json",
            }),
    )
    .min(1, { error: "must list at least one content type (SageMaker rejects an empty list)" })
    .max(10, { error: "SageMaker accepts at most 10 content types" });

const dataCaptureSchema = z
    .strictObject({
        enabled: z.boolean(),
        samplingPercentage: z.number().int().min(0).max(100).optional(),
        captureInput: z.boolean().optional(),
        captureOutput: z.boolean().optional(),
        csvContentTypes: captureContentTypes.optional(),
        jsonContentTypes: captureContentTypes.optional(),
    })
    .superRefine((d, ctx) => {
        if (d.enabled && d.captureInput === false && d.captureOutput === false) {
            ctx.addIssue({
                code: "custom",
                path: ["captureOutput"],
                message: "captureInput and captureOutput cannot both be false when capture is enabled",
            });
        }
    });

const deploymentSchema = z
    .strictObject({
        strategy: z.enum(["all-at-once", "canary", "linear"]),
        // SageMaker: the canary is at most 50% of a variant's capacity; a linear step is 10-50% of it.
        canaryPercent: z.number().int().min(1).max(50).optional(),
        linearStepPercent: z.number().int().min(10).max(50).optional(),
        waitMinutes: z.number().int().min(0).max(60).optional(),
        terminationWaitMinutes: z.number().int().min(0).max(60).optional(),
        maximumExecutionTimeoutMinutes: z.number().int().min(10).max(240).optional(),
    })
    .superRefine((d, ctx) => {
        if (d.canaryPercent !== undefined && d.strategy !== "canary") {
            ctx.addIssue({ code: "custom", path: ["canaryPercent"], message: 'applies only to strategy "canary"' });
        }
        if (d.linearStepPercent !== undefined && d.strategy !== "linear") {
            ctx.addIssue({ code: "custom", path: ["linearStepPercent"], message: 'applies only to strategy "linear"' });
        }
        // SageMaker: the execution timeout must exceed the total waiting time (every baking period plus the termination wait).
        // Checked only when the keys it reads are themselves valid (out-of-range values are already reported).
        const inRange = (v: number | undefined, min: number, max: number) => v === undefined || (v >= min && v <= max);
        const readable =
            inRange(d.linearStepPercent, 10, 50) &&
            inRange(d.waitMinutes, 0, 60) &&
            inRange(d.terminationWaitMinutes, 0, 60) &&
            inRange(d.maximumExecutionTimeoutMinutes, 10, 240);
        const w = deploymentWaitMinutes(d);
        if (readable && w.timeout <= w.total) {
            ctx.addIssue({
                code: "custom",
                path: ["maximumExecutionTimeoutMinutes"],
                message: `must be greater than the total waiting time of the deployment (${w.shifts} traffic shift(s) × waitMinutes ${w.wait} + terminationWaitMinutes ${w.termination} = ${w.total} minutes)`,
            });
        }
    });

/**
 * Waiting time of one blue/green deployment in minutes, with the serving defaults for unset keys:
 * one baking period per traffic shift (1 all-at-once, 2 canary, ceil(100 / step) linear) plus the
 * termination wait, against the execution timeout.
 */
export function deploymentWaitMinutes(d: {
    readonly strategy: "all-at-once" | "canary" | "linear";
    readonly linearStepPercent?: number;
    readonly waitMinutes?: number;
    readonly terminationWaitMinutes?: number;
    readonly maximumExecutionTimeoutMinutes?: number;
}): { shifts: number; wait: number; termination: number; total: number; timeout: number } {
    const shifts =
        d.strategy === "all-at-once"
            ? 1
            : d.strategy === "canary"
              ? 2
              : Math.ceil(100 / (d.linearStepPercent ?? SERVING_DEFAULTS.linearStepPercent));
    const wait = d.waitMinutes ?? SERVING_DEFAULTS.waitMinutes;
    const termination = d.terminationWaitMinutes ?? SERVING_DEFAULTS.terminationWaitMinutes;
    return {
        shifts,
        wait,
        termination,
        total: shifts * wait + termination,
        timeout: d.maximumExecutionTimeoutMinutes ?? SERVING_DEFAULTS.maximumExecutionTimeoutMinutes,
    };
}

/** SageMaker auto-rollback takes at most 10 alarms; the component creates two per variant (5XX errors, model latency). */
export const ROLLBACK_ALARMS_PER_VARIANT = 2;
const MAX_ROLLBACK_ALARMS = 10;

/** Schema of `mlops-platform:serving`. */
export const servingSchema = z
    .strictObject({
        enabled: z.boolean().optional(),
        endpointName: sagemakerName,
        image: imageSchema,
        variants: z.array(variantSchema).min(1, { error: "must declare at least one variant" }).max(10),
        dataCapture: dataCaptureSchema.optional(),
        deployment: deploymentSchema.optional(),
        vpc: z.boolean().optional(),
        registry: registrySchema.optional(),
        monitoring: monitoringSchema.optional(),
        alarms: z
            .strictObject({
                max5xxErrors: z.number().int().min(1).optional(),
                maxModelLatencyMs: z.number().int().min(1).optional(),
            })
            .optional(),
    })
    .superRefine((serving, ctx) => {
        for (const p of servingProblems(serving)) ctx.addIssue({ code: "custom", path: p.path, message: p.message });
    });

/** A problem found by a cross-field serving rule, with its path inside the `serving` section. */
export interface ServingProblem {
    readonly path: (string | number)[];
    readonly message: string;
}

/**
 * Variant names that change from release to release: a version-like suffix (`primary-v2`,
 * `model-20240101`, `v3`) or the image tag itself.
 */
function versionedVariantName(name: string, imageTag: string | undefined): boolean {
    if (/(^|-)v?\d+(-\d+)*$/i.test(name)) return true;
    const tag = imageTag
        ?.toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    return tag !== undefined && tag.length >= 2 && name.toLowerCase().includes(tag);
}

/**
 * Cross-field rules of the serving section that hold in every environment: unique variant names,
 * what serverless endpoints cannot do, and stable variant names under blue/green deployments.
 *
 * Stable variant names: SageMaker blue/green (and rolling) updates require the new endpoint
 * configuration to have the same variant names as the one in service, and the rollback alarms
 * (`VariantName` dimension) and autoscaling targets (`endpoint/<name>/variant/<variant>`) are keyed
 * by variant name. A variant name is therefore the variant's role (primary, challenger), never a
 * release: with a deployment configured, names that look versioned or contain the image tag are
 * refused, and names are compared case-insensitively.
 */
export function servingProblems(serving: {
    readonly image: { readonly tag?: string };
    readonly variants: readonly {
        readonly name: string;
        readonly serverless?: unknown;
        readonly instanceType?: string;
    }[];
    readonly dataCapture?: { readonly enabled: boolean; readonly captureInput?: boolean };
    readonly deployment?: { readonly strategy: string };
    readonly vpc?: boolean;
    readonly monitoring?: { readonly engine?: string };
}): ServingProblem[] {
    const problems: ServingProblem[] = [...guardrailExclusionProblems(serving)];
    const names = new Map<string, string>();
    serving.variants.forEach((v, i) => {
        const clash = names.get(v.name.toLowerCase());
        if (clash !== undefined) {
            problems.push({
                path: ["variants", i, "name"],
                message:
                    clash === v.name
                        ? `duplicate variant name "${v.name}"`
                        : `duplicate variant name "${v.name}" (SageMaker compares "${clash}" and "${v.name}" case-insensitively)`,
            });
        }
        names.set(v.name.toLowerCase(), v.name);
        if (serving.deployment !== undefined && versionedVariantName(v.name, serving.image.tag)) {
            problems.push({
                path: ["variants", i, "name"],
                message:
                    `"${v.name}" looks like a release, not a role: blue/green updates require the same variant names in every ` +
                    "endpoint configuration (rollback alarms and autoscaling are keyed by them); name variants by role (primary, challenger) and change the image instead",
            });
        }
    });
    if (serving.variants.some((v) => v.serverless !== undefined)) {
        if (serving.variants.length > 1) {
            problems.push({ path: ["variants"], message: "a serverless endpoint supports exactly one variant" });
        }
        if (serving.dataCapture?.enabled === true) {
            problems.push({ path: ["dataCapture", "enabled"], message: "is not supported by serverless endpoints" });
        }
        if (serving.vpc === true) {
            problems.push({ path: ["vpc"], message: "is not supported by serverless endpoints" });
        }
    }
    if (serving.monitoring !== undefined && serving.dataCapture?.enabled !== true) {
        problems.push({
            path: ["monitoring"],
            message: "requires dataCapture.enabled true (monitoring reads the endpoint's captured data)",
        });
    }
    if (
        (serving.monitoring?.engine ?? "model-monitor") === "model-monitor" &&
        serving.monitoring !== undefined &&
        serving.dataCapture?.captureInput === false
    ) {
        problems.push({
            path: ["dataCapture", "captureInput"],
            message:
                "must not be false with monitoring engine model-monitor (data quality is computed on the captured requests)",
        });
    }
    if (
        serving.deployment !== undefined &&
        serving.variants.length * ROLLBACK_ALARMS_PER_VARIANT > MAX_ROLLBACK_ALARMS
    ) {
        problems.push({
            path: ["variants"],
            message: `at most ${MAX_ROLLBACK_ALARMS / ROLLBACK_ALARMS_PER_VARIANT} variants with a deployment config: SageMaker auto-rollback takes at most ${MAX_ROLLBACK_ALARMS} alarms and each variant has ${ROLLBACK_ALARMS_PER_VARIANT}`,
        });
    }
    return problems;
}

/** Rules of the serving section that depend on the environment (prod availability and safety). */
export function servingEnvironmentProblems(environment: Environment, serving: ServingConfig): ServingProblem[] {
    if (environment !== "prod" || serving.enabled === false) return [];
    const problems: ServingProblem[] = [];
    serving.variants.forEach((v, i) => {
        if (v.serverless !== undefined) return;
        if (defaultInstanceCount(environment, v) < 2) {
            problems.push({
                path: ["variants", i, "initialInstanceCount"],
                message: "must be at least 2 in prod (one instance per AZ for availability)",
            });
        }
        if (v.autoscaling !== undefined && v.autoscaling.minInstances < 2) {
            problems.push({
                path: ["variants", i, "autoscaling", "minInstances"],
                message: "must be at least 2 in prod (scale-in must keep one instance per AZ)",
            });
        }
    });
    if (serving.dataCapture?.enabled !== true) {
        problems.push({ path: ["dataCapture", "enabled"], message: "must be true in prod" });
    }
    if (serving.deployment === undefined) {
        problems.push({ path: ["deployment"], message: "is required in prod (blue/green with auto-rollback)" });
    }
    if (serving.dataCapture?.enabled === true && serving.monitoring === undefined) {
        problems.push({
            path: ["monitoring"],
            message:
                'is required in prod when dataCapture.enabled is true (engine "model-monitor", or "external" in accounts AWS no longer admits to Model Monitor)',
        });
    }
    return problems;
}

/**
 * The serving schema with the environment's rules added: what `ModelEndpoint` validates its
 * plain arguments with, so direct users get the same checks as the stack config.
 */
export function servingSchemaFor(environment: Environment) {
    return servingSchema.superRefine((serving, ctx) => {
        for (const p of servingEnvironmentProblems(environment, serving))
            ctx.addIssue({ code: "custom", path: p.path, message: p.message });
    });
}

/** The validated serving section. */
export type ServingConfig = z.infer<typeof servingSchema>;

/**
 * The serving section's schema (`mlops-platform:serving`) and its cross-field rules: what
 * SageMaker refuses, and what prod requires. `ModelEndpoint` validates its plain arguments with it.
 */
import { z } from "zod";
import { imageReferenceSchema, PLACEHOLDER_DIGEST } from "../core/imageReference";
import { Environment } from "../core/environment";
import { monitoringSchema } from "./monitoring/monitoringSettings";
import { asyncInferenceSchema } from "./asyncSettings";
import { deploymentSchema } from "./deploymentSchema";
import { registrySchema } from "./registrySettings";
import { servingModeProblems } from "./servingModes";
import { defaultInstanceCount } from "./servingSpec";
import { sagemakerName, variantSchema } from "./variantSchema";

export { deploymentWaitMinutes } from "./deploymentSchema";

const imageSchema = imageReferenceSchema;

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

/**
 * SageMaker auto-rollback takes at most 10 alarms; the component creates two per variant (5XX errors, model latency).
 */
export const ROLLBACK_ALARMS_PER_VARIANT = 2;
const MAX_ROLLBACK_ALARMS = 10;

/** Schema of `mlops-platform:serving`. */
export const servingSchema = z
    .strictObject({
        enabled: z.boolean().optional(),
        endpointName: sagemakerName,
        image: imageSchema,
        variants: z.array(variantSchema).min(1, { error: "must declare at least one variant" }).max(10),
        shadowVariants: z.array(variantSchema).optional(),
        asyncInference: asyncInferenceSchema.optional(),
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
 * Cross-field rules of the serving section that hold in every environment: no placeholder image on an
 * enabled endpoint, unique variant names, what serverless endpoints cannot do, and stable variant names
 * under blue/green deployments.
 *
 * Stable variant names: SageMaker blue/green (and rolling) updates require the new endpoint
 * configuration to have the same variant names as the one in service, and the rollback alarms
 * (`VariantName` dimension) and autoscaling targets (`endpoint/<name>/variant/<variant>`) are keyed
 * by variant name. A variant name is therefore the variant's role (primary, challenger), never a
 * release: with a deployment configured, names that look versioned or contain the image tag are
 * refused, and names are compared case-insensitively.
 */
export function servingProblems(serving: {
    readonly enabled?: boolean;
    readonly image: { readonly tag?: string; readonly digest?: string };
    readonly variants: readonly { readonly name: string; readonly serverless?: unknown }[];
    readonly shadowVariants?: readonly { readonly name: string; readonly serverless?: unknown }[];
    readonly asyncInference?: { readonly scaling?: { readonly minInstances: number; readonly maxInstances: number } };
    readonly dataCapture?: { readonly enabled: boolean; readonly captureInput?: boolean };
    readonly deployment?: { readonly strategy: string };
    readonly vpc?: boolean;
    readonly monitoring?: { readonly engine?: string };
}): ServingProblem[] {
    const problems: ServingProblem[] = [];
    if (serving.enabled !== false && serving.image.digest === PLACEHOLDER_DIGEST) {
        problems.push({
            path: ["image", "digest"],
            message:
                "is the all-zeros placeholder: push the serving image to the modelRepositoryUrl output and pin " +
                "the digest docker push printed (docs/runbook.md), or set serving.enabled: false until then",
        });
    }
    const names = new Map<string, string>();
    serving.variants.forEach((v, i) => {
        const clash = names.get(v.name.toLowerCase());
        if (clash !== undefined) {
            problems.push({
                path: ["variants", i, "name"],
                message:
                    clash === v.name
                        ? `duplicate variant name "${v.name}"`
                        : `duplicate variant name "${v.name}" (SageMaker compares "${clash}" and "${v.name}" ` +
                          `case-insensitively)`,
            });
        }
        names.set(v.name.toLowerCase(), v.name);
        if (serving.deployment !== undefined && versionedVariantName(v.name, serving.image.tag)) {
            problems.push({
                path: ["variants", i, "name"],
                message:
                    `"${v.name}" looks like a release, not a role: blue/green updates require the same ` +
                    `variant names in every ` +
                    "endpoint configuration (rollback alarms and autoscaling are keyed by them); name " +
                    "variants by role (primary, challenger) and change the image instead",
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
                "must not be false with monitoring engine model-monitor (data quality is computed on the " +
                "captured requests)",
        });
    }
    if (
        serving.deployment !== undefined &&
        serving.variants.length * ROLLBACK_ALARMS_PER_VARIANT > MAX_ROLLBACK_ALARMS
    ) {
        problems.push({
            path: ["variants"],
            message:
                `at most ${MAX_ROLLBACK_ALARMS / ROLLBACK_ALARMS_PER_VARIANT} variants with a deployment config: ` +
                `SageMaker auto-rollback takes at most ${MAX_ROLLBACK_ALARMS} alarms and each variant has ` +
                `${ROLLBACK_ALARMS_PER_VARIANT}`,
        });
    }
    problems.push(...servingModeProblems(serving));
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
                'is required in prod when dataCapture.enabled is true (engine "model-monitor", or ' +
                '"external" in accounts AWS no longer admits to Model Monitor)',
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

/**
 * What AWS excludes for the serving modes (shadow variants, rolling deployments, asynchronous
 * inference), as cross-field problems of the serving section, each naming the key to change.
 */
import type { ServingProblem } from "./servingSchema";
import type { Integer } from "../core/schemaPrimitives";

/** Inf1 (Inferentia) instances: excluded from deployment guardrails and from shadow tests. */
const INF1 = /^ml\.inf1\./;

/** The fields of a variant the mode rules read. */
interface ModeVariant {
    readonly name: string;
    readonly instanceType?: string;
    readonly initialInstanceCount?: Integer;
    readonly serverless?: unknown;
    readonly autoscaling?: unknown;
}

/** The fields of the serving section the mode rules read. */
export interface ModeInput {
    readonly variants: readonly ModeVariant[];
    readonly shadowVariants?: readonly ModeVariant[];
    readonly deployment?: { readonly strategy: string };
    readonly asyncInference?: { readonly scaling?: { readonly minInstances: number; readonly maxInstances: number } };
}

const SHADOW_EXCLUSIONS = "https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-exclusions.html";
const GUARDRAIL_EXCLUSIONS = "https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html";

/** Shadow variants: one production and one shadow variant, neither serverless nor Inf1, not asynchronous. */
function shadowProblems(s: ModeInput): ServingProblem[] {
    const shadows = s.shadowVariants ?? [];
    if (shadows.length === 0) return [];
    const problems: ServingProblem[] = [];
    // "SageMaker AI supports a maximum of one shadow variant per endpoint. For an endpoint with a shadow variant,
    // there can be a maximum of one production variant."
    // (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html)
    if (shadows.length > 1) {
        problems.push({ path: ["shadowVariants"], message: "SageMaker supports at most one shadow variant" });
    }
    if (s.variants.length > 1) {
        problems.push({
            path: ["variants"],
            message: "must declare exactly one production variant when shadowVariants is set (SageMaker's rule)",
        });
    }
    const all: [string, number, ModeVariant][] = [
        ...s.variants.map((v, i): [string, number, ModeVariant] => ["variants", i, v]),
        ...shadows.map((v, i): [string, number, ModeVariant] => ["shadowVariants", i, v]),
    ];
    for (const [list, i, v] of all) {
        if (v.serverless !== undefined) {
            problems.push({
                path: [list, i, "serverless"],
                message:
                    "cannot be used with shadowVariants: shadow tests exclude serverless inference " +
                    `(${SHADOW_EXCLUSIONS})`,
            });
        }
        if (v.instanceType !== undefined && INF1.test(v.instanceType)) {
            problems.push({
                path: [list, i, "instanceType"],
                message: `${v.instanceType}: shadow tests exclude Inf1 (Inferentia) instances (${SHADOW_EXCLUSIONS})`,
            });
        }
    }
    shadows.forEach((v, i) => {
        if (s.variants.some((p) => p.name.toLowerCase() === v.name.toLowerCase())) {
            problems.push({
                path: ["shadowVariants", i, "name"],
                message: `"${v.name}" is already a production variant; variant names are unique per endpoint`,
            });
        }
        if (v.autoscaling !== undefined) {
            problems.push({
                path: ["shadowVariants", i, "autoscaling"],
                message: "is not supported on a shadow variant by this component; size it with initialInstanceCount",
            });
        }
    });
    if (s.asyncInference !== undefined) {
        problems.push({
            path: ["asyncInference"],
            message:
                "cannot be used with shadowVariants: shadow tests exclude asynchronous inference " +
                `(${SHADOW_EXCLUSIONS})`,
        });
    }
    return problems;
}

/** Rolling deployments: not serverless, one variant. */
function rollingProblems(s: ModeInput): ServingProblem[] {
    if (s.deployment?.strategy !== "rolling") return [];
    const problems: ServingProblem[] = [];
    if (s.variants.some((v) => v.serverless !== undefined)) {
        problems.push({
            path: ["deployment", "strategy"],
            message: `"rolling" excludes serverless endpoints (${GUARDRAIL_EXCLUSIONS}); use "all-at-once"`,
        });
    }
    if (s.variants.length > 1) {
        problems.push({
            path: ["deployment", "strategy"],
            message:
                `"rolling" excludes multi-variant endpoints (${GUARDRAIL_EXCLUSIONS}); ` +
                'declare one variant or use a blue/green strategy ("canary", "linear")',
        });
    }
    return problems;
}

/**
 * Inf1 under a guarded strategy (canary, linear, rolling): "your endpoint will fall back to using a blue/green
 * deployment with all at once traffic shifting and no final baking period" (GUARDRAIL_EXCLUSIONS), so the
 * strategy would silently deploy everything at once, unbaked: refused instead.
 */
function inf1GuardrailProblems(s: ModeInput): ServingProblem[] {
    const strategy = s.deployment?.strategy;
    if (strategy !== "canary" && strategy !== "linear" && strategy !== "rolling") return [];
    return s.variants.flatMap((v, i) =>
        v.instanceType !== undefined && INF1.test(v.instanceType)
            ? [
                  {
                      path: ["variants", i, "instanceType"],
                      message:
                          `${v.instanceType} (Inf1) is excluded from deployment guardrails: SageMaker would run the ` +
                          `${strategy} deployment all at once with no baking period (${GUARDRAIL_EXCLUSIONS}); ` +
                          'use strategy "all-at-once" or another instance family',
                  },
              ]
            : [],
    );
}

/** Asynchronous inference: instance-based variants scaled on the backlog, not on invocations. */
function asyncProblems(s: ModeInput): ServingProblem[] {
    const a = s.asyncInference;
    if (a === undefined) return [];
    const problems: ServingProblem[] = [];
    s.variants.forEach((v, i) => {
        if (v.serverless !== undefined) {
            problems.push({
                path: ["variants", i, "serverless"],
                message:
                    "cannot be used with asyncInference: the asynchronous mode runs on instances " +
                    "(its scaling counts queued requests per instance)",
            });
        }
        if (v.autoscaling !== undefined) {
            problems.push({
                path: ["variants", i, "autoscaling"],
                message:
                    "does not apply with asyncInference (invocations per instance do not measure a queue); " +
                    "set asyncInference.scaling (ApproximateBacklogSizePerInstance)",
            });
        }
        const scaling = a.scaling;
        const count = v.initialInstanceCount;
        if (scaling !== undefined && count !== undefined && count > scaling.maxInstances) {
            problems.push({
                path: ["variants", i, "initialInstanceCount"],
                message: `must be at most asyncInference.scaling.maxInstances (${scaling.maxInstances})`,
            });
        }
    });
    return problems;
}

/** Every mode rule's problems. */
export function servingModeProblems(s: ModeInput): ServingProblem[] {
    return [...shadowProblems(s), ...rollingProblems(s), ...inf1GuardrailProblems(s), ...asyncProblems(s)];
}

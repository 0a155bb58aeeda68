/**
 * What SageMaker's deployment guardrails cannot do: "If your endpoint uses any of the following features,
 * you cannot use deployment guardrails on your endpoint, and your endpoint will fall back to using a
 * blue/green deployment with all at once traffic shifting and no final baking period: Marketplace
 * containers; Endpoints that use Inf1 (Inferentia-based) instances"
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html). A canary or linear
 * strategy on such an endpoint would silently deploy everything at once, unbaked: refused instead.
 */

/** Instance families the guardrails exclude (Inf1, Inferentia-based). */
const GUARDRAIL_EXCLUDED_FAMILY = /^ml\.inf1\./;

/** Problems (path inside `serving`) of a traffic-shifting strategy on an endpoint the guardrails exclude. */
export function guardrailExclusionProblems(serving: {
    readonly variants: readonly { readonly name: string; readonly instanceType?: string }[];
    readonly deployment?: { readonly strategy: string };
}): { path: (string | number)[]; message: string }[] {
    const strategy = serving.deployment?.strategy;
    if (strategy !== "canary" && strategy !== "linear") return [];
    return serving.variants.flatMap((v, i) =>
        v.instanceType !== undefined && GUARDRAIL_EXCLUDED_FAMILY.test(v.instanceType)
            ? [
                  {
                      path: ["variants", i, "instanceType"],
                      message:
                          `${v.instanceType} (Inf1) is excluded from deployment guardrails: SageMaker would run the ` +
                          `${strategy} deployment all at once with no baking period; use strategy all-at-once or ` +
                          "another instance family",
                  },
              ]
            : [],
    );
}

/**
 * `mlops-platform:cost`: an optional monthly AWS Budgets budget for the stack's cost, alerting the
 * stack's alarm topic. Pure: validated settings in, the resolved budget out.
 */
import { z } from "zod";
import { Environment, PerEnvironment } from "../core/environment";
import type { Integer } from "../core/schemaPrimitives";

/** `cost` config section. */
export interface CostSettings {
    /** Monthly cost budget in USD for the resources carrying the stack's tag. Default: no budget. */
    readonly monthlyBudgetUsd?: number;
    /** Stack tag whose key and value select the stack's cost. Default: `environment`. */
    readonly budgetTagKey?: string;
}

export const costSchema = z.strictObject({
    monthlyBudgetUsd: z
        .number({ error: "must be an amount in USD" })
        .positive({ error: "must be more than 0 USD" })
        .max(1_000_000_000, { error: "must be at most 1,000,000,000 USD" })
        .multipleOf(0.01, { error: "must be in whole cents" })
        .optional(),
    budgetTagKey: z.string().min(1).max(128).optional(),
});

/** Per-environment budget defaults. */
export const BUDGET_DEFAULTS: PerEnvironment<{
    /** Alert thresholds, percent of the monthly budget (actual cost). */
    readonly alertPercents: readonly Integer[];
    readonly budgetTagKey: string;
}> = {
    dev: { alertPercents: [80, 100], budgetTagKey: "environment" },
    staging: { alertPercents: [80, 100], budgetTagKey: "environment" },
    prod: { alertPercents: [80, 100], budgetTagKey: "environment" },
};

/** The budget a stack gets. */
export interface ResolvedBudget {
    /** Budgets wants the amount as a decimal string. */
    readonly limitAmount: string;
    readonly alertPercents: readonly Integer[];
    /** Cost allocation tag filter value, `user:<key>$<value>` (Budgets' TagKeyValue cost filter format). */
    readonly tagFilter: string;
}

/** A problem with the section, by key under `cost`. */
export interface CostProblem {
    readonly key: keyof CostSettings;
    readonly message: string;
}

/** Problems the schema cannot see: the budget tag must be one of the stack's tags. */
export function costProblems(settings: CostSettings, stackTags: Readonly<Record<string, string>>): CostProblem[] {
    if (settings.budgetTagKey === undefined || settings.budgetTagKey in stackTags) return [];
    const known = Object.keys(stackTags).sort().join(", ");
    return [{ key: "budgetTagKey", message: `is not one of the stack's tags (${known})` }];
}

/** The stack's budget, or undefined without `monthlyBudgetUsd`. */
export function resolveBudget(
    environment: Environment,
    settings: CostSettings | undefined,
    stackTags: Readonly<Record<string, string>>,
): ResolvedBudget | undefined {
    if (settings?.monthlyBudgetUsd === undefined) return undefined;
    const defaults = BUDGET_DEFAULTS[environment];
    const key = settings.budgetTagKey ?? defaults.budgetTagKey;
    return {
        limitAmount: settings.monthlyBudgetUsd.toFixed(2),
        alertPercents: defaults.alertPercents,
        tagFilter: `user:${key}$${stackTags[key]}`,
    };
}

/**
 * Schema of `mlops-platform:serving.deployment`: blue/green traffic shifting (all-at-once, canary,
 * linear) or a rolling update, with the waiting time each takes against its execution timeout.
 */
import { z } from "zod";
import { SERVING_DEFAULTS } from "./servingSpec";
import type { Integer } from "../core/schemaPrimitives";

/** The deployment strategies: three blue/green traffic shifts and the rolling update. */
export const DEPLOYMENT_STRATEGIES = ["all-at-once", "canary", "linear", "rolling"] as const;

export const deploymentSchema = z
    .strictObject({
        strategy: z.enum(DEPLOYMENT_STRATEGIES),
        // SageMaker: the canary is at most 50% of a variant's capacity; a linear step is 10-50% of it.
        canaryPercent: z.number().int().min(1).max(50).optional(),
        linearStepPercent: z.number().int().min(10).max(50).optional(),
        // Rolling: each batch is 5-50% of the variant's instances (RollingUpdatePolicy.MaximumBatchSize, provider docs
        // node_modules/@pulumi/aws/types/input.d.ts EndpointDeploymentConfigRollingUpdatePolicy); a rollback batch is
        // at most the whole fleet (SageMaker's default when unset).
        batchPercent: z.number().int().min(5).max(50).optional(),
        rollbackBatchPercent: z.number().int().min(5).max(100).optional(),
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
        for (const key of ["batchPercent", "rollbackBatchPercent"] as const) {
            if (d[key] !== undefined && d.strategy !== "rolling") {
                ctx.addIssue({ code: "custom", path: [key], message: 'applies only to strategy "rolling"' });
            }
        }
        // A rolling update terminates old instances batch by batch: there is no final wait before a fleet goes
        // (RollingUpdatePolicy has no TerminationWaitInSeconds, unlike BlueGreenUpdatePolicy).
        if (d.terminationWaitMinutes !== undefined && d.strategy === "rolling") {
            ctx.addIssue({
                code: "custom",
                path: ["terminationWaitMinutes"],
                message: 'does not apply to strategy "rolling" (old instances go batch by batch)',
            });
        }
        // SageMaker: the execution timeout must exceed the total waiting time (every baking period plus the termination
        // wait).
        // Checked only when the keys it reads are themselves valid (out-of-range values are already reported).
        const inRange = (v: number | undefined, min: number, max: number) => v === undefined || (v >= min && v <= max);
        const readable =
            inRange(d.linearStepPercent, 10, 50) &&
            inRange(d.batchPercent, 5, 50) &&
            inRange(d.waitMinutes, 0, 60) &&
            inRange(d.terminationWaitMinutes, 0, 60) &&
            inRange(d.maximumExecutionTimeoutMinutes, 10, 240);
        const w = deploymentWaitMinutes(d);
        if (readable && w.timeout <= w.total) {
            ctx.addIssue({
                code: "custom",
                path: ["maximumExecutionTimeoutMinutes"],
                message:
                    "must be greater than the total waiting time of the deployment " +
                    `(${w.shifts} traffic shift(s) × waitMinutes ${w.wait} + terminationWaitMinutes ${w.termination}` +
                    ` = ${w.total} minutes)`,
            });
        }
    });

/**
 * Waiting time of one deployment in minutes, with the serving defaults for unset keys: one baking
 * period per traffic shift (1 all-at-once, 2 canary, ceil(100 / step) linear, ceil(100 / batch)
 * rolling) plus the termination wait (none when rolling), against the execution timeout.
 */
export function deploymentWaitMinutes(d: {
    readonly strategy: (typeof DEPLOYMENT_STRATEGIES)[number];
    readonly linearStepPercent?: Integer;
    readonly batchPercent?: Integer;
    readonly waitMinutes?: Integer;
    readonly terminationWaitMinutes?: Integer;
    readonly maximumExecutionTimeoutMinutes?: Integer;
}): { shifts: number; wait: number; termination: number; total: number; timeout: number } {
    const shifts =
        d.strategy === "all-at-once"
            ? 1
            : d.strategy === "canary"
              ? 2
              : d.strategy === "rolling"
                ? Math.ceil(100 / (d.batchPercent ?? SERVING_DEFAULTS.batchPercent))
                : Math.ceil(100 / (d.linearStepPercent ?? SERVING_DEFAULTS.linearStepPercent));
    const wait = d.waitMinutes ?? SERVING_DEFAULTS.waitMinutes;
    const termination =
        d.strategy === "rolling" ? 0 : (d.terminationWaitMinutes ?? SERVING_DEFAULTS.terminationWaitMinutes);
    return {
        shifts,
        wait,
        termination,
        total: shifts * wait + termination,
        timeout: d.maximumExecutionTimeoutMinutes ?? SERVING_DEFAULTS.maximumExecutionTimeoutMinutes,
    };
}

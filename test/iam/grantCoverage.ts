/**
 * The reverse check: every action and every resource of a role's planned Allow statements must be what allows
 * at least one manifest call. One is "needed" when its statement narrowed to it (conditions kept) still allows
 * some call of the principal on its own.
 */
import type { RenderedStatement } from "../support/helpers";
import type { PlannedRole } from "./plannedPolicies";
import { simulateRequest, SimulatedRequest } from "./simulate";

/**
 * One element of a statement that must earn its place: one of its actions (with all its resources), one of its
 * resources (with all its actions), or one value of a condition listing several (`kms:ViaService`,
 * `iam:PassedToService`, …). A statement's action × resource product is not checked pair by pair: AWS's own
 * policies pair bucket and object ARNs with bucket and object actions in one statement.
 */
export interface Grant {
    readonly policyName: string;
    readonly sid: string;
    readonly part: "action" | "resource" | "condition value";
    /** The action, the resource, or `<key>=<value>`. */
    readonly value: string;
    /** The statement narrowed to this one element, everything else kept. */
    readonly narrowed: RenderedStatement;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat());

/** Every element of every Allow statement of `statements`; NotAction/NotResource are refused (unbounded). */
export function statementGrants(policyName: string, statements: readonly RenderedStatement[]): Grant[] {
    return statements
        .filter((s) => s.Effect === "Allow")
        .flatMap((statement) => {
            const raw = statement as unknown as Record<string, unknown>;
            if ("NotAction" in raw || "NotResource" in raw)
                throw new Error(`${policyName} ${statement.Sid}: NotAction/NotResource grants cannot be bounded`);
            const base = { policyName, sid: statement.Sid ?? "(no Sid)" };
            const conditionValues = Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
                Object.entries(keys)
                    .filter(([, values]) => Array.isArray(values) && values.length > 1)
                    .flatMap(([key, values]) =>
                        (values as string[]).map((value) => ({
                            ...base,
                            part: "condition value" as const,
                            value: `${key}=${value}`,
                            narrowed: {
                                ...statement,
                                Condition: { ...statement.Condition, [operator]: { ...keys, [key]: value } },
                            },
                        })),
                    ),
            );
            return [
                ...list(statement.Action).map((value) => ({
                    ...base,
                    part: "action" as const,
                    value,
                    narrowed: { ...statement, Action: value },
                })),
                ...list(statement.Resource).map((value) => ({
                    ...base,
                    part: "resource" as const,
                    value,
                    narrowed: { ...statement, Resource: value },
                })),
                ...conditionValues,
            ];
        });
}

/** Every element of a role's identity policies. */
export function grantsOf(role: PlannedRole): Grant[] {
    return role.identityPolicies.flatMap(({ name, policy }) => statementGrants(name, policy.Statement));
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${re}$`, "i").test(action);
}

/**
 * Whether some request is allowed by this grant alone: as the only identity policy (`identity`), or as the only
 * resource policy next to the caller's own identity policies (`resource`, for the key policy).
 */
export async function isNeeded(
    grant: Grant,
    requests: readonly SimulatedRequest[],
    as: "identity" | "resource",
): Promise<boolean> {
    const narrowed = { Version: "2012-10-17", Statement: [grant.narrowed] };
    const actions = list(grant.narrowed.Action);
    for (const request of requests.filter((r) => actions.some((a) => actionMatches(a, r.action)))) {
        if (as === "identity") {
            const outcome = await simulateRequest({
                ...request,
                identityPolicies: [narrowed],
                resourcePolicy: undefined,
            });
            if (outcome.identityDecision === "Allowed") return true;
        } else if ((await simulateRequest({ ...request, resourcePolicy: narrowed })).decision === "Allowed")
            return true;
    }
    return false;
}

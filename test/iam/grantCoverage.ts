/**
 * The reverse check: every action and every resource of a role's planned Allow statements must be what allows
 * at least one manifest call. One is "needed" when its statement narrowed to it (conditions kept) still allows
 * some call of the principal on its own.
 */
import type { RenderedStatement } from "../support/helpers";
import type { PlannedRole } from "./plannedPolicies";
import { simulateRequest, SimulatedRequest } from "./simulate";

/**
 * One element of a statement that must earn its place: one of its actions (with all its resources) or one of its
 * resources (with all its actions). A statement's action × resource product is not checked pair by pair: AWS's own
 * policies pair bucket and object ARNs with bucket and object actions in one statement.
 */
export interface Grant {
    readonly policyName: string;
    readonly sid: string;
    /** `action` or `resource`. */
    readonly part: "action" | "resource";
    readonly value: string;
    /** The statement narrowed to this one action or resource, conditions kept. */
    readonly narrowed: RenderedStatement;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat());

/** Every action and every resource of every Allow statement; NotAction/NotResource are refused (unbounded). */
export function grantsOf(role: PlannedRole): Grant[] {
    return role.identityPolicies.flatMap(({ name, policy }) =>
        policy.Statement.filter((s) => s.Effect === "Allow").flatMap((statement) => {
            const raw = statement as unknown as Record<string, unknown>;
            if ("NotAction" in raw || "NotResource" in raw)
                throw new Error(`${role.logicalName} ${name} ${statement.Sid}: NotAction/NotResource grants`);
            const base = { policyName: name, sid: statement.Sid ?? "(no Sid)" };
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
            ];
        }),
    );
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${re}$`, "i").test(action);
}

/** The requests that this grant alone allows (empty: the grant is needed by no call). */
export async function callsNeeding(grant: Grant, requests: readonly SimulatedRequest[]): Promise<SimulatedRequest[]> {
    const narrowed = { Version: "2012-10-17", Statement: [grant.narrowed] };
    const actions = list(grant.narrowed.Action);
    const needing: SimulatedRequest[] = [];
    for (const request of requests.filter((r) => actions.some((a) => actionMatches(a, r.action)))) {
        const outcome = await simulateRequest({ ...request, identityPolicies: [narrowed], resourcePolicy: undefined });
        if (outcome.identityDecision === "Allowed") needing.push(request);
    }
    return needing;
}

/** Small helpers shared by the specs. */
import { PlannedResource } from "../../tools/plan/recorder";

/** An IAM statement as rendered into JSON. */
export interface RenderedStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: unknown;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

/** Parses a JSON policy document held in an input (`policy`, `assumeRolePolicy`, ...). */
export function policyOf(
    resource: PlannedResource,
    field = "policy",
): { Version: string; Statement: RenderedStatement[] } {
    const raw = resource.inputs[field];
    if (typeof raw !== "string") throw new Error(`${resource.name}: ${field} is not a JSON string`);
    return JSON.parse(raw);
}

/** The statement with a Sid; throws when absent. */
export function statement(resource: PlannedResource, sid: string, field = "policy"): RenderedStatement {
    const doc = policyOf(resource, field);
    const found = doc.Statement.find((s) => s.Sid === sid);
    if (!found)
        throw new Error(`${resource.name}: no statement ${sid} (have ${doc.Statement.map((s) => s.Sid).join(", ")})`);
    return found;
}

/** Sids in document order. */
export function sids(resource: PlannedResource, field = "policy"): (string | undefined)[] {
    return policyOf(resource, field).Statement.map((s) => s.Sid);
}

/** Runs a function expected to throw and returns the message. */
export function errorMessage(fn: () => unknown): string {
    try {
        fn();
    } catch (err) {
        return (err as Error).message;
    }
    throw new Error("expected an error, none was thrown");
}

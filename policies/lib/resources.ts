/**
 * Resource helpers of the mlops-platform policy pack: reading properties (including values unknown
 * during `pulumi preview`) and joining resources to their siblings.
 *
 * Everything here is plain data manipulation so each policy module stays short and testable.
 */
import { PolicyResource, UnknownValueError } from "@pulumi/policy";

// ------------------------------------------------------------------------------------------------
// Property access
// ------------------------------------------------------------------------------------------------

/** A plain object (not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An array (of unknown items); a missing value is an empty array. */
export function asArray(value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

/** Objects of an array property (non-objects dropped). */
export function objects(value: unknown): Record<string, unknown>[] {
    return asArray(value).filter(isObject);
}

/** A non-empty string, else undefined. */
export function str(value: unknown): string | undefined {
    return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Whether an error is the policy SDK's "value unknown during preview" error. */
export function isUnknownError(e: unknown): boolean {
    return e instanceof UnknownValueError || (e instanceof Error && e.name === "UnknownValueError");
}

/** Marker {@link peek} returns for a value that is unknown during `pulumi preview`. */
export const UNKNOWN_VALUE: unique symbol = Symbol("unknown during preview");

/** Reads a value, returning {@link UNKNOWN_VALUE} instead of throwing when it is unknown during preview. */
export function peek(read: () => unknown): unknown {
    try {
        return read();
    } catch (e) {
        if (isUnknownError(e)) return UNKNOWN_VALUE;
        throw e;
    }
}

/**
 * Reads a value that may be unknown during `pulumi preview` (the policy SDK's proxy throws
 * {@link UnknownValueError} on access). Used for join keys only: an unknown key is "no match",
 * whereas a rule's own subject may throw so the engine reports "can't run during preview".
 */
export function known<T>(read: () => T): T | undefined {
    const value = peek(read);
    return value === UNKNOWN_VALUE ? undefined : (value as T);
}

/**
 * Whether a value is set: non-empty, or unknown during `pulumi preview` (a computed value such as
 * a key ARN will be set). Used for "is X configured" checks on values that come from other resources.
 */
export function present(read: () => unknown): boolean {
    const value = peek(read);
    if (value === UNKNOWN_VALUE) return true;
    return typeof value === "string" ? value.length > 0 : value !== undefined && value !== null;
}

/** Formats a list of names for a message: `a, b and c`. */
export function list(items: readonly string[]): string {
    if (items.length <= 1) return items.join("");
    return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

// ------------------------------------------------------------------------------------------------
// Joining resources
// ------------------------------------------------------------------------------------------------

/** Identity strings of a resource other resources may hold in an input: id-like outputs and ARN. */
export function identities(resource: PolicyResource, ...keys: string[]): Set<string> {
    const out = new Set<string>();
    for (const key of ["id", "arn", "name", ...keys]) {
        const value = known(() => resource.props[key]);
        if (typeof value === "string" && value.length > 0) out.add(value);
    }
    return out;
}

/**
 * Whether `candidate`'s input `property` refers to `target`: through the property dependencies
 * the engine records (known even when the value is not), else by value.
 */
export function refersTo(
    candidate: PolicyResource,
    property: string,
    target: PolicyResource,
    targetIds: Set<string>,
): boolean {
    const deps = candidate.propertyDependencies[property];
    if (deps !== undefined && deps.length > 0) return deps.some((d) => d.urn === target.urn);
    const value = known(() => candidate.props[property]);
    return typeof value === "string" && targetIds.has(value);
}

/** Resources of `type` whose input `property` refers to `target`. */
export function siblings(
    resources: readonly PolicyResource[],
    target: PolicyResource,
    type: string,
    property: string,
    ...idKeys: string[]
): PolicyResource[] {
    const ids = identities(target, ...idKeys);
    return resources.filter((r) => r.type === type && refersTo(r, property, target, ids));
}

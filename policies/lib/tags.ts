/**
 * Tag checks: the tags required on every taggable resource and what is wrong with a resource's tags.
 */
import { Environment } from "./environment";
import { isObject, list } from "./resources";

/** Tags required on every taggable resource, besides the configured ones. */
export function baseRequiredTags(environment: Environment): Record<string, string> {
    return { environment, "managed-by": "pulumi" };
}

/**
 * Problems with a resource's tags against the required set: missing keys, then wrong values.
 * Returns an empty list when compliant.
 */
export function tagProblems(tags: unknown, required: Record<string, string>): string[] {
    const have = isObject(tags) ? tags : {};
    const missing = Object.keys(required).filter((k) => have[k] === undefined || have[k] === null || have[k] === "");
    const wrong = Object.entries(required).filter(([k, v]) => !missing.includes(k) && have[k] !== v);
    const out: string[] = [];
    if (missing.length > 0)
        out.push(`missing tag${missing.length > 1 ? "s" : ""} ${list(missing.map((k) => `"${k}"`))}`);
    for (const [k, v] of wrong) out.push(`tag "${k}" is ${JSON.stringify(have[k])}, expected ${JSON.stringify(v)}`);
    return out;
}

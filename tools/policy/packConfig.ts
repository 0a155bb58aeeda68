/**
 * Policy config handling: resolves a `--policy-pack-config` style object into one enforcement
 * level and property set per policy, the way the Pulumi CLI does.
 */
import { EnforcementLevel, PolicyRunOptions } from "./types";

/** Every enforcement level, in the order of the Analyzer protocol enum. */
export const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** Pack info: each policy's default level and whether its config schema has a property. */
export interface PackInfo {
    readonly levels: Map<string, EnforcementLevel>;
    readonly schemaProps: Map<string, Set<string>>;
}

function asLevel(value: unknown, where: string): EnforcementLevel {
    if (typeof value === "string" && (LEVELS as string[]).includes(value)) return value as EnforcementLevel;
    throw new Error(
        `policy config ${where}: invalid enforcement level ${JSON.stringify(value)} (expected ${LEVELS.join(", ")})`,
    );
}

/**
 * Resolves a `--policy-pack-config` style object into one PolicyConfig per policy, the way the CLI
 * does, and injects `environment` / `requiredTags` into the policies whose schema declares them.
 */
export function resolvePolicyConfig(
    info: PackInfo,
    options: Pick<PolicyRunOptions, "environment" | "requiredTags" | "policyConfig">,
): Map<string, { level: EnforcementLevel; properties: Record<string, unknown> }> {
    const config = options.policyConfig ?? {};
    for (const key of Object.keys(config)) {
        if (key !== "all" && !info.levels.has(key))
            throw new Error(
                `policy config names unknown policy "${key}" (known: ${[...info.levels.keys()].join(", ")})`,
            );
    }
    const all = config.all === undefined ? undefined : asLevel(config.all, '"all"');
    const out = new Map<string, { level: EnforcementLevel; properties: Record<string, unknown> }>();
    for (const [name, defaultLevel] of info.levels) {
        const entry = config[name];
        let level = all ?? defaultLevel;
        let properties: Record<string, unknown> = {};
        if (typeof entry === "string") level = asLevel(entry, `"${name}"`);
        else if (typeof entry === "object" && entry !== null) {
            const { enforcementLevel, ...rest } = entry as Record<string, unknown>;
            if (enforcementLevel !== undefined) level = asLevel(enforcementLevel, `"${name}".enforcementLevel`);
            properties = rest;
        }
        const schema = info.schemaProps.get(name) ?? new Set<string>();
        if (schema.has("environment") && properties.environment === undefined)
            properties.environment = options.environment;
        if (schema.has("requiredTags") && properties.requiredTags === undefined && options.requiredTags)
            properties.requiredTags = options.requiredTags;
        out.set(name, { level, properties });
    }
    return out;
}

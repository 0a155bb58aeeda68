/**
 * The environment a stack deploys and the stack config the Pulumi CLI hands the pack
 * (`PULUMI_CONFIG`), for environment-dependent policies.
 */
import { PolicyConfigSchema } from "@pulumi/policy";
import { isObject } from "./resources";

/** The deployment environments the pack knows. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
/** A deployment environment. */
export type Environment = (typeof ENVIRONMENTS)[number];

/** Config namespace of the stack program. */
export const CONFIG_NAMESPACE = "mlops-platform";

/**
 * Config schema of environment-dependent policies. The plan engine (and a `--policy-pack-config`
 * file) may set `environment` per policy; otherwise the stack config decides (see {@link environmentOf}).
 */
export const ENVIRONMENT_CONFIG: PolicyConfigSchema = {
    properties: {
        environment: {
            type: "string",
            enum: [...ENVIRONMENTS],
            description: "Environment the stack deploys (dev, staging, prod).",
        },
    },
};

let cachedStackConfig: { raw: string | undefined; parsed: Record<string, unknown> } | undefined;

/**
 * The stack's config as the Pulumi CLI hands it to a policy pack: the `PULUMI_CONFIG` environment
 * variable holds a JSON object of `namespace:key` → value (structured values JSON-encoded).
 */
export function stackConfig(): Record<string, unknown> {
    const raw = process.env.PULUMI_CONFIG;
    if (cachedStackConfig === undefined || cachedStackConfig.raw !== raw) {
        let parsed: Record<string, unknown> = {};
        try {
            const value: unknown = raw ? JSON.parse(raw) : {};
            if (isObject(value)) parsed = value;
        } catch {
            parsed = {};
        }
        cachedStackConfig = { raw, parsed };
    }
    return cachedStackConfig.parsed;
}

/** One stack config value (`mlops-platform:<key>`), JSON-decoded when it is a structured value. */
export function stackConfigValue(key: string): unknown {
    const value = stackConfig()[`${CONFIG_NAMESPACE}:${key}`];
    if (typeof value === "string" && /^\s*[{[]/.test(value)) {
        try {
            return JSON.parse(value) as unknown;
        } catch {
            return value;
        }
    }
    return value;
}

interface ConfigArgs {
    getConfig<T extends object>(): T;
    readonly stackTags: ReadonlyMap<string, string>;
}

function asEnvironment(value: unknown): Environment | undefined {
    return (ENVIRONMENTS as readonly unknown[]).includes(value) ? (value as Environment) : undefined;
}

/**
 * The environment a stack deploys, in order: this policy's config `environment`, the stack config
 * `mlops-platform:environment`, the stack tag `environment`; `prod` when none is set, so a
 * misconfigured run gets the strictest rules rather than the loosest.
 */
export function environmentOf(args: ConfigArgs): Environment {
    return (
        asEnvironment(args.getConfig<{ environment?: string }>().environment) ??
        asEnvironment(stackConfigValue("environment")) ??
        asEnvironment(args.stackTags.get("environment")) ??
        "prod"
    );
}

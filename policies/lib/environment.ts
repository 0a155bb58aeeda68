/**
 * The environment a stack deploys and the stack config the Pulumi CLI hands the pack
 * (`PULUMI_CONFIG`, or a file named by `MLOPS_POLICY_STACK_CONFIG_FILE`), for environment-dependent policies.
 */
import * as fs from "fs";
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

/**
 * Names a JSON file holding the stack config. The offline plan engine uses it instead of
 * `PULUMI_CONFIG`: one environment variable is limited to 128 KiB on Linux (MAX_ARG_STRLEN), and a
 * stack of a few hundred feature views exceeds it (`spawn E2BIG`).
 */
export const STACK_CONFIG_FILE_ENV = "MLOPS_POLICY_STACK_CONFIG_FILE";

let cachedStackConfig: { source: string | undefined; parsed: Record<string, unknown> } | undefined;

/** A named config file that cannot be read is an error, never an empty config (which would mean prod rules). */
function readConfigFile(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(`${STACK_CONFIG_FILE_ENV}: cannot read ${file}: ${(err as Error).message}`);
    }
}

/**
 * The stack's config as the Pulumi CLI hands it to a policy pack: the `PULUMI_CONFIG` environment
 * variable holds a JSON object of `namespace:key` → value (structured values JSON-encoded). The
 * same object in the file named by {@link STACK_CONFIG_FILE_ENV} wins when that is set.
 */
export function stackConfig(): Record<string, unknown> {
    const file = process.env[STACK_CONFIG_FILE_ENV];
    const source = file ? `file:${file}` : process.env.PULUMI_CONFIG;
    if (cachedStackConfig === undefined || cachedStackConfig.source !== source) {
        const raw = file ? readConfigFile(file) : process.env.PULUMI_CONFIG;
        let parsed: Record<string, unknown> = {};
        try {
            const value: unknown = raw ? JSON.parse(raw) : {};
            if (isObject(value)) parsed = value;
        } catch {
            parsed = {};
        }
        cachedStackConfig = { source, parsed };
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

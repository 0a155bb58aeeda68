/**
 * Config errors: every problem of a config section or of a component's plain arguments,
 * each naming its full key path (`mlops-platform:serving.variants[0].name`).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/**
 * A config error: every problem, each naming its full key path. It is a `RunError`, so the
 * Pulumi CLI prints the message without a stack trace.
 */
export class ConfigError extends pulumi.RunError {
    constructor(
        readonly problems: readonly string[],
        subject = "stack configuration",
    ) {
        super(`invalid ${subject}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** The Pulumi config namespace of the stack contract. */
export const CONFIG_NAMESPACE = "mlops-platform";

/** `mlops-platform:serving.variants[0].name` for stack config, `variants[0].name` for component args. */
function keyPath(path: readonly PropertyKey[], namespace?: string): string {
    const [top, ...rest] = path;
    if (top === undefined) return namespace ?? "(root)";
    const head = namespace !== undefined ? `${namespace}:${String(top)}` : String(top);
    return head + rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

function describeIssue(issue: z.core.$ZodIssue, root: z.ZodType, namespace?: string): string {
    const key = keyPath(issue.path, namespace);
    const missing = "input" in issue && issue.input === undefined;
    switch (issue.code) {
        case "unrecognized_keys":
            return issue.keys
                .map(
                    (k) =>
                        `${keyPath([...issue.path, k], namespace)}: unknown key (allowed: ` +
                        `${allowedKeysAt(root, issue.path).join(", ")})`,
                )
                .join("\n  - ");
        case "invalid_value":
            if (missing) return `${key}: is required (one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")})`;
            return `${key}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "invalid_key":
            // Record keys: report what the key schema said, not zod's generic wrapper.
            return issue.issues.map((inner) => `${key}: ${inner.message}`).join("\n  - ");
        case "invalid_type":
            return missing ? `${key}: is required` : `${key}: ${issue.message}`;
        default:
            return `${key}: ${issue.message}`;
    }
}

/** The keys the schema allows at a path, for "unknown key" messages. */
function allowedKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
    let schema = root;
    for (const segment of path) {
        schema = unwrap(schema);
        if (schema instanceof z.ZodObject) {
            schema = schema.shape[String(segment)];
        } else if (schema instanceof z.ZodArray) {
            schema = schema.element as z.ZodType;
        } else {
            return [];
        }
    }
    schema = unwrap(schema);
    return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
    let s = schema;
    while (s instanceof z.ZodOptional || s instanceof z.ZodPipe) {
        s = s instanceof z.ZodOptional ? (s.unwrap() as z.ZodType) : (s.in as z.ZodType);
    }
    return s;
}

/**
 * Validates a component's plain (non-Output) arguments with the same schema the stack config uses,
 * so direct users of a component get the same checks and messages. Throws `ConfigError`.
 */
export function validateComponentArgs(subject: string, schema: z.ZodType, value: unknown): void {
    const result = schema.safeParse(value, { reportInput: true });
    if (!result.success) {
        throw new ConfigError(
            result.error.issues.map((i) => describeIssue(i, schema)),
            `arguments of ${subject}`,
        );
    }
}

/** Validates `raw` with `schema`; throws `ConfigError` naming each problem by its key under `namespace`. */
export function parseConfigSection<S extends z.ZodType>(schema: S, raw: unknown, namespace: string): z.infer<S> {
    const result = schema.safeParse(raw, { reportInput: true });
    if (!result.success) {
        throw new ConfigError(result.error.issues.map((i) => describeIssue(i, schema, namespace)));
    }
    return result.data;
}

/**
 * Reads a Pulumi project and stack file the way the CLI does, into the flat config map the
 * runtime sees (`namespace:key` → string; structured values JSON-encoded).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** A stack ready to plan. */
export interface StackFiles {
    /** Project name from Pulumi.yaml. */
    readonly project: string;
    /** Stack name (from `--stack`, or the config file name `Pulumi.<stack>.yaml`). */
    readonly stack: string;
    /** Path of the stack config file read. */
    readonly configFile: string;
    /** Flat config as the Pulumi runtime receives it. */
    readonly config: Record<string, string>;
    /** Keys whose values are secrets (`secure:` in the stack file): marked secret in the mock run, never printed. */
    readonly secretKeys: readonly string[];
}

/** Stand-in for a `secure:` value the offline loader cannot decrypt (no access to the stack's secrets provider). */
export const SECRET_PLACEHOLDER = "[secret]";

/** Thrown when the project or stack file cannot be read; the plan CLI exits 2 with its message. */
export class StackFileError extends Error {}

/** Where the stack's config comes from. */
export interface LoadStackOptions {
    /** Stack name: reads `Pulumi.<stack>.yaml`. */
    readonly stack?: string;
    /** Stack config file to read instead. */
    readonly configFile?: string;
    /**
     * Resolved values of the stack's ESC environments (`pulumi env open <org>/<env> --format json`)
     * or any flat YAML/JSON config map: its `pulumiConfig` block (or the whole map) is merged under
     * the stack file's own `config`, as the CLI merges imported environments. Values it gives for
     * `secure:` keys replace the placeholder and stay secret.
     */
    readonly configValues?: string;
}

/** Loads `Pulumi.yaml` from `projectDir` and the stack's config file. */
export function loadStack(projectDir: string, options: LoadStackOptions): StackFiles {
    const projectFile = path.join(projectDir, "Pulumi.yaml");
    const projectDoc = readYaml(projectFile) as { name?: unknown; config?: Record<string, unknown> };
    if (typeof projectDoc?.name !== "string") throw new StackFileError(`${projectFile}: missing project name`);
    const project = projectDoc.name;

    const configFile = options.configFile ?? path.join(projectDir, `Pulumi.${options.stack ?? "dev"}.yaml`);
    const stack = options.stack ?? path.basename(configFile).match(/^Pulumi\.(.+)\.ya?ml$/)?.[1] ?? "dev";
    const stackDoc = (readYaml(configFile) ?? {}) as { config?: unknown; environment?: unknown };
    if (stackDoc.environment !== undefined && options.configValues === undefined) {
        throw new StackFileError(escMessage(configFile, stackDoc.environment));
    }
    if (
        stackDoc.config !== undefined &&
        (typeof stackDoc.config !== "object" || stackDoc.config === null || Array.isArray(stackDoc.config))
    ) {
        throw new StackFileError(`${configFile}: "config" must be a map of keys to values`);
    }

    const config: Record<string, string> = {};
    // Project-level defaults first (`config: { key: { value: ... } }`), then the stack's values.
    for (const [key, spec] of Object.entries(projectDoc.config ?? {})) {
        const value =
            typeof spec === "object" && spec !== null && "value" in spec ? (spec as { value: unknown }).value : spec;
        if (value !== undefined) config[qualify(key, project)] = encode(value);
    }
    // ESC values come before the stack's own config, which overrides them
    // (pulumi.com/docs/esc/integrations/infrastructure/pulumi-iac/).
    const supplied = options.configValues === undefined ? {} : readConfigValues(options.configValues);
    for (const [key, value] of Object.entries(supplied)) config[qualify(key, project)] = encode(value);
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries((stackDoc.config ?? {}) as Record<string, unknown>)) {
        const name = qualify(key, project);
        if (isSecure(value)) {
            // Ciphertext only the stack's secrets provider can open: a supplied plaintext or a placeholder, kept
            // secret.
            secretKeys.push(name);
            config[name] = key in supplied || name in supplied ? config[name] : SECRET_PLACEHOLDER;
        } else {
            config[name] = encode(value);
        }
    }
    checkNamespaces(configFile, project, Object.keys(config));
    return { project, stack, configFile, config, secretKeys };
}

/** `key: { secure: <ciphertext> }`, as `pulumi config set --secret` writes it. */
function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && !Array.isArray(value) && "secure" in value;
}

/** The refusal for a stack that imports ESC environments, with the way to plan it anyway. */
function escMessage(configFile: string, environment: unknown): string {
    const names = Array.isArray(environment) ? environment.map(String) : [JSON.stringify(environment)];
    const first = names[0] ?? "<org>/<env>";
    return (
        `${configFile} imports Pulumi ESC environment(s) ${names.join(", ")}, which the offline plan cannot open. ` +
        `Resolve them first and pass the values: \`pulumi env open ${first} --format json > values.json\` ` +
        `then \`npm run plan -- --config-file ${path.basename(configFile)} --config-values values.json\` ` +
        `(with several environments, merge their pulumiConfig blocks in import order into one file).`
    );
}

/** The config map of a `--config-values` file: its `pulumiConfig` block if it has one, else the whole map. */
function readConfigValues(file: string): Record<string, unknown> {
    const doc = readYaml(file) as Record<string, unknown> | null;
    const values = doc !== null && typeof doc === "object" && "pulumiConfig" in doc ? doc.pulumiConfig : doc;
    if (typeof values !== "object" || values === null || Array.isArray(values)) {
        throw new StackFileError(`${file}: expected a map of config keys to values (or a pulumiConfig block)`);
    }
    return values as Record<string, unknown>;
}

/** Config namespaces the platform's program reads: its own, and the providers'. */
const PROVIDER_NAMESPACES = ["aws", "awsx", "pulumi"];

/** Edit distance of two short strings (namespace names), for "did you mean". */
function distance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++)
            row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = row;
    }
    return prev[b.length];
}

/**
 * Keys under a namespace no program reads are silently ignored by Pulumi, so a misspelt
 * `mlops-platfrom:` would drop the whole platform config. A namespace that looks like a typo of a
 * known one (edit distance ≤ 3, or equal ignoring case and separators) is an error naming the known ones.
 */
function checkNamespaces(configFile: string, project: string, keys: readonly string[]): void {
    const known = [project, ...PROVIDER_NAMESPACES];
    const squash = (n: string) => n.toLowerCase().replace(/[-_.\s]/g, "");
    const typos = [...new Set(keys.map((k) => k.slice(0, k.indexOf(":"))))].filter(
        (ns) =>
            !known.includes(ns) &&
            known.some((k) => squash(k) === squash(ns) || distance(ns.toLowerCase(), k) <= Math.min(3, k.length - 1)),
    );
    if (typos.length > 0)
        throw new StackFileError(
            `${configFile}: unknown config namespace ${typos.map((t) => `"${t}"`).join(", ")} (its keys ` +
                `would be ignored); known namespaces: ${known.join(", ")}`,
        );
}

function readYaml(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new StackFileError(`cannot read ${file}`);
    }
    try {
        return parse(text);
    } catch (err) {
        throw new StackFileError(`${file}: invalid YAML: ${(err as Error).message.split("\n")[0]}`);
    }
}

/** Pulumi lets keys of the project's own namespace omit it. */
function qualify(key: string, project: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

function encode(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

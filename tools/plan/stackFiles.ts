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
}

/** Thrown when the project or stack file cannot be read; the plan CLI exits 2 with its message. */
export class StackFileError extends Error {}

/** Loads `Pulumi.yaml` from `projectDir` and the stack's config file. */
export function loadStack(projectDir: string, options: { stack?: string; configFile?: string }): StackFiles {
    const projectFile = path.join(projectDir, "Pulumi.yaml");
    const projectDoc = readYaml(projectFile) as { name?: unknown; config?: Record<string, unknown> };
    if (typeof projectDoc?.name !== "string") throw new StackFileError(`${projectFile}: missing project name`);
    const project = projectDoc.name;

    const configFile = options.configFile ?? path.join(projectDir, `Pulumi.${options.stack ?? "dev"}.yaml`);
    const stack = options.stack ?? path.basename(configFile).match(/^Pulumi\.(.+)\.ya?ml$/)?.[1] ?? "dev";
    const stackDoc = (readYaml(configFile) ?? {}) as { config?: unknown };
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
    for (const [key, value] of Object.entries((stackDoc.config ?? {}) as Record<string, unknown>)) {
        config[qualify(key, project)] = encode(value);
    }
    return { project, stack, configFile, config };
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

/**
 * A file cache for the inferred package schema. Inferring it builds a TypeScript program over the
 * whole project (about 8 s, most of `npm test` before this cache); its inputs are the component
 * sources, the compiler settings and the SDK typings, so it is kept under bin/.cache/ keyed by a hash
 * of exactly those. Any change to a component source, tsconfig.json, package.json or the installed
 * @pulumi/pulumi or @pulumi/aws version computes it afresh.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Files under `dir` whose name ends with `.ts`, sorted. */
function tsFiles(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...tsFiles(full));
        else if (entry.name.endsWith(".ts")) out.push(full);
    }
    return out.sort();
}

/** The hash of everything the schema is inferred from. */
export function schemaInputsHash(projectDir: string): string {
    const hash = createHash("sha256");
    const files = [
        ...tsFiles(path.join(projectDir, "components")),
        // The refinement of the analyzer's schema (packageSchema.ts, sourceFacts.ts).
        ...tsFiles(path.join(projectDir, "tools", "package")),
        path.join(projectDir, "tsconfig.json"),
        path.join(projectDir, "package.json"),
        path.join(projectDir, "node_modules", "@pulumi", "pulumi", "package.json"),
        path.join(projectDir, "node_modules", "@pulumi", "aws", "package.json"),
    ];
    for (const file of files) {
        hash.update(path.relative(projectDir, file)).update("\0");
        hash.update(fs.existsSync(file) ? fs.readFileSync(file) : "(absent)").update("\0");
    }
    return hash.digest("hex");
}

function cacheFile(projectDir: string, name: string): string {
    return path.join(projectDir, "bin", ".cache", `${name}-${schemaInputsHash(projectDir)}.json`);
}

function readCache<T>(file: string): T | undefined {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as T;
    } catch {
        return undefined;
    }
}

function writeCache<T>(file: string, value: T): T {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written whole then renamed, so a concurrent reader never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value));
    fs.renameSync(tmp, file);
    return value;
}

/** Whether `name` is cached for the current inputs. */
export function isCachedByInputs(projectDir: string, name: string): boolean {
    return fs.existsSync(cacheFile(projectDir, name));
}

/** The cached value for the current inputs, or `compute()` stored for the next run. */
export async function cachedByInputs<T>(projectDir: string, name: string, compute: () => Promise<T>): Promise<T> {
    const file = cacheFile(projectDir, name);
    return readCache<T>(file) ?? writeCache(file, await compute());
}

/** {@link cachedByInputs} for a value computed synchronously. */
export function cachedByInputsSync<T>(projectDir: string, name: string, compute: () => T): T {
    const file = cacheFile(projectDir, name);
    return readCache<T>(file) ?? writeCache(file, compute());
}

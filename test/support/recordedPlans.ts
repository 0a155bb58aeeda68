/**
 * The plan CLI runs every spec that only reads a plan shares: recorded once per `mocha` run, before
 * the workers start (a mocha global fixture, loaded through `.mocharc.json`'s `require`), and read
 * from bin/test/.recorded/ by the specs. The plans run with `--policy-mode grpc`, the
 * engine-identical path, so they are also the reference the in-process pack is compared against
 * (test/policies/policyModes.spec.ts).
 */
// First, before any spec loads @pulumi/pulumi (this file is .mocharc.json's `require`).
import "../../tools/shared/deferSdkLoads";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { PlanDocument } from "../../tools/plan/plan";
import { planJs, projectDir } from "./fixtures";
import { writeRunbookStack } from "./runbookStack";

/** One recorded CLI run. */
export interface RecordedRun {
    readonly args: readonly string[];
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

const recordDir = path.join(projectDir, "bin", "test", ".recorded");

/** Where the global setup writes the prod stack after the runbook (test/support/runbookStack.ts). */
const runbookStackFile = path.join(recordDir, "runbook", "Pulumi.prod.yaml");

/**
 * The runs recorded, by name: the shipped dev and prod stacks, and prod after the runbook (images
 * pinned, serving on), which the specs of the endpoint, its roles and its monitor read.
 */
export const RECORDED_RUNS = {
    dev: ["--stack", "dev", "--json", "--policy-mode", "grpc"],
    prod: ["--stack", "prod", "--json", "--policy-mode", "grpc"],
    prodServing: ["--stack", "prod", "--config-file", runbookStackFile, "--json", "--policy-mode", "grpc"],
} as const;

/** A recorded plan name. */
export type RecordedName = keyof typeof RECORDED_RUNS;

function fileOf(name: RecordedName): string {
    return path.join(recordDir, `${name}.json`);
}

/** Runs node with `args` from the repository root; resolves with its exit code and output. */
function runNode(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: projectDir, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

/**
 * Mocha global setup: runs the plans side by side and writes them for the workers, and fills the
 * package-schema and settings-docs caches (tools/package/schemaCache.ts) that the docs and schema specs read.
 */
export async function mochaGlobalSetup(): Promise<void> {
    fs.rmSync(recordDir, { recursive: true, force: true });
    fs.mkdirSync(recordDir, { recursive: true });
    writeRunbookStack(path.dirname(runbookStackFile));
    const schemaJs = path.join(projectDir, "bin", "tools", "package", "packageSchema.js");
    const settingsJs = path.join(projectDir, "bin", "tools", "docs", "settingsDocs.js");
    const schema = runNode([
        "-e",
        `require(${JSON.stringify(settingsJs)}).settingsDocs(); require(${JSON.stringify(schemaJs)}).packageSchema()`,
    ]);
    await Promise.all(
        (Object.keys(RECORDED_RUNS) as RecordedName[]).map(async (name) => {
            const args = RECORDED_RUNS[name];
            const run: RecordedRun = { args, ...(await runNode([planJs, ...args])) };
            fs.writeFileSync(fileOf(name), JSON.stringify(run));
        }),
    );
    const warmed = await schema;
    if (warmed.code !== 0) throw new Error(`package schema inference failed: ${warmed.stderr}`);
}

const cache = new Map<RecordedName, RecordedRun & { doc: PlanDocument }>();

/** A recorded run with its parsed document (`{}` when the run printed none). */
export function recordedPlan(name: RecordedName): RecordedRun & { doc: PlanDocument } {
    let run = cache.get(name);
    if (run === undefined) {
        let text: string;
        try {
            text = fs.readFileSync(fileOf(name), "utf8");
        } catch {
            throw new Error(`no recorded ${name} plan in ${recordDir}: run the specs through mocha (.mocharc.json)`);
        }
        const recorded = JSON.parse(text) as RecordedRun;
        run = { ...recorded, doc: JSON.parse(recorded.stdout || "{}") as PlanDocument };
        cache.set(name, run);
    }
    return run;
}

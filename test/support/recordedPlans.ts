/**
 * The plans every spec that only reads a plan shares: recorded once per `mocha` run, before the
 * workers start (a mocha global fixture, loaded through `.mocharc.json`'s `require`), and read from
 * bin/test/.recorded/ by the specs. They are planned in two processes side by side, each planning its
 * runs one after another through the plan CLI's own `planOutput` (test/support/recordRuns.ts), so
 * the SDKs load twice per `mocha` run instead of once per plan. The dev and prod plans run with
 * `--policy-mode grpc`, the engine-identical path, so they are also the reference the in-process
 * pack is compared against (test/policies/policyModes.spec.ts); the others use the in-process pack.
 */
// First, before any spec loads @pulumi/pulumi (this file is .mocharc.json's `require`).
import "../../tools/shared/deferSdkLoads";
// V8's compiled code of the SDKs, cached between runs as for the CLIs (the workers load them too).
import "../../tools/plan/compileCache";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { PlanDocument } from "../../tools/plan/plan";
import { packLibrary } from "../package/tarball";
import { projectDir } from "./fixtures";
import { writeRunbookStack } from "./runbookStack";

// In the main process and in every worker (this file is loaded in both): the SDK captures a stack
// trace for every internal promise (leak diagnostics of a real deployment), and formatting them was
// about a tenth of the workers' CPU. Two frames still name the line of a failed assertion; the SDK
// raises the limit itself where it records a resource's source position.
Error.stackTraceLimit = 2;

/** One recorded plan run: the CLI's arguments, exit code and output. */
export interface RecordedRun {
    readonly args: readonly string[];
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

const recordDir = path.join(projectDir, "bin", "test", ".recorded");

/** Where the global setup writes the prod stack after the runbook (test/support/runbookStack.ts). */
const runbookStackFile = path.join(recordDir, "runbook", "Pulumi.prod.yaml");

/** Where the global setup writes the dev stack file with only its Airflow version changed to 2.7.2. */
export const airflow272StackFile = path.join(recordDir, "airflow-2.7.2", "Pulumi.dev.yaml");

/**
 * The runs recorded, by name: the shipped dev and prod stacks; prod after the runbook (images
 * pinned, serving on), which the specs of the endpoint, its roles and its monitor read; the
 * serving-mode examples; the seed setup with its cost; dev on the oldest Airflow version; the text
 * summary of prod.
 */
export const RECORDED_RUNS = {
    dev: ["--stack", "dev", "--json", "--policy-mode", "grpc"],
    prod: ["--stack", "prod", "--json", "--policy-mode", "grpc"],
    prodServing: ["--stack", "prod", "--config-file", runbookStackFile, "--json"],
    shadow: ["--config-file", "examples/shadow.yaml", "--json"],
    rolling: ["--config-file", "examples/rolling.yaml", "--json"],
    async: ["--config-file", "examples/async.yaml", "--json"],
    seedSetup: ["--config-file", "examples/seed-setup.yaml", "--cost", "--json", "--no-policies"],
    airflow272: ["--config-file", airflow272StackFile, "--json"],
    prodText: ["--config-file", "Pulumi.prod.yaml", "--no-policies"],
} as const;

/** A recorded plan name. */
export type RecordedName = keyof typeof RECORDED_RUNS;

/**
 * The two recording processes: about the same CPU each. The first waits on a pack process for each
 * grpc run, so it also plans dev on Airflow 2.7.2 (in-process pack) while the other plans the rest.
 */
const PROCESSES: readonly (readonly RecordedName[])[] = [
    ["dev", "prod", "airflow272"],
    ["prodServing", "shadow", "rolling", "async", "seedSetup", "prodText"],
];

function fileOf(name: RecordedName): string {
    return path.join(recordDir, `${name}.json`);
}

/** Runs node with `args` from the repository root; resolves with its exit code and stderr. */
function runNode(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: projectDir, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stderr }));
    });
}

/** The dev stack file with only `airflowVersion` changed to 2.7.2, the oldest accepted version. */
function writeAirflow272Stack(): void {
    const text = fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8");
    fs.mkdirSync(path.dirname(airflow272StackFile), { recursive: true });
    fs.writeFileSync(airflow272StackFile, text.replace(/airflowVersion: "3\.0\.6"/, 'airflowVersion: "2.7.2"'));
}

/**
 * Mocha global setup: records the plans for the workers, packs the library for the package specs
 * (test/package/tarball.ts), and fills the package-schema and settings-docs caches
 * (tools/package/schemaCache.ts) that the docs and schema specs read.
 */
export async function mochaGlobalSetup(): Promise<void> {
    fs.rmSync(recordDir, { recursive: true, force: true });
    fs.mkdirSync(recordDir, { recursive: true });
    writeRunbookStack(path.dirname(runbookStackFile));
    writeAirflow272Stack();
    const recordJs = path.join(projectDir, "bin", "test", "support", "recordRuns.js");
    const [results] = await Promise.all([
        Promise.all(
            PROCESSES.map((names, i) =>
                runNode([
                    recordJs,
                    recordDir,
                    JSON.stringify(names.map((name) => ({ name, args: RECORDED_RUNS[name] }))),
                    ...(i === 0 ? ["--warm-schema"] : []),
                ]),
            ),
        ),
        packLibrary(),
    ]);
    for (const result of results)
        if (result.code !== 0) throw new Error(`recording the shared plans failed: ${result.stderr}`);
}

const cache = new Map<RecordedName, RecordedRun & { doc: PlanDocument }>();

/** A recorded run with its parsed document (`{}` when the run printed no JSON document). */
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
        run = {
            ...recorded,
            doc: JSON.parse(recorded.stdout.startsWith("{") ? recorded.stdout : "{}") as PlanDocument,
        };
        cache.set(name, run);
    }
    return run;
}

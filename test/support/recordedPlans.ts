/**
 * The plans every spec that only reads a plan shares: recorded once per `mocha` run by a mocha global
 * fixture (loaded through `.mocharc.json`'s `require`) while the workers already run the specs, and
 * read from bin/test/.recorded/ by the specs, which wait for a plan still being recorded
 * (test/support/setupArtifacts.ts). They are planned in two processes side by side, each planning its
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
import { failSetup, readArtifact, recordDir, startSetup } from "./setupArtifacts";

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

/** Where the global setup writes the prod stack after the runbook (test/support/runbookStack.ts). */
const runbookStackFile = path.join(recordDir, "runbook", "Pulumi.prod.yaml");

/** Where the global setup writes the dev stack file with only its Airflow version changed to 2.7.2. */
export const airflow272StackFile = path.join(recordDir, "airflow-2.7.2", "Pulumi.dev.yaml");

/** The ciphertext of the `secure:` key the global setup adds to the dev stack (never printed). */
export const SECRET_CIPHERTEXT = "v1:c2VjcmV0:AAAAAAAAAAAAAAAAAAAAAAAAAA==";

/** That key's plaintext, given to the plan in a `--config-values` file (never printed either). */
export const SECRET_PLAINTEXT = "s3cr3t-token";

/** Where the global setup writes the dev stack with that `secure:` key, and the values file. */
const secretStackFile = path.join(recordDir, "secret", "Pulumi.dev.yaml");
const secretValuesFile = path.join(recordDir, "secret", "values.yaml");

/**
 * The runs recorded, by name: the shipped dev and prod stacks; prod after the runbook (images
 * pinned, serving on), which the specs of the endpoint, its roles and its monitor read; the
 * serving-mode examples; the seed setup with its cost; dev on the oldest Airflow version; the text
 * summary of prod; dev with its advisories raised to mandatory; dev with a `secure:` key whose
 * plaintext comes from `--config-values`.
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
    devAllMandatory: ["--stack", "dev", "--policy-config", "test/fixtures/policy-all-mandatory.json", "--json"],
    devSecret: ["--config-file", secretStackFile, "--config-values", secretValuesFile, "--json"],
} as const;

/** A recorded plan name. */
export type RecordedName = keyof typeof RECORDED_RUNS;

/**
 * The two recording processes: about the same CPU each, each planning in the order the specs (in
 * mocha's file order) first read the runs. The first waits on a pack process for each grpc run, so
 * it plans fewer runs than the second.
 */
const PROCESSES: readonly (readonly RecordedName[])[] = [
    ["dev", "prod", "airflow272", "devAllMandatory"],
    ["prodServing", "seedSetup", "prodText", "devSecret", "shadow", "rolling", "async"],
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

/** The global setup's background work: settled (and failed, if it failed) by the global teardown. */
let recording: Promise<void> | undefined;

/** The dev stack file with a `secure:` key, and a values file with its plaintext. */
function writeSecretStack(): void {
    const text = fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8");
    fs.mkdirSync(path.dirname(secretStackFile), { recursive: true });
    fs.writeFileSync(
        secretStackFile,
        text.replace(/^config:\n/m, `config:\n  team:apiToken:\n    secure: ${SECRET_CIPHERTEXT}\n`),
    );
    fs.writeFileSync(secretValuesFile, `team:apiToken: ${SECRET_PLAINTEXT}\n`);
}

/**
 * Mocha global setup: starts recording the plans for the workers, packing the library for the
 * package specs (test/package/tarball.ts) and filling the package-schema and settings-docs caches
 * (tools/package/schemaCache.ts) that the docs and schema specs read, and returns without waiting:
 * the specs wait for what they read.
 */
export function mochaGlobalSetup(): void {
    startSetup();
    writeRunbookStack(path.dirname(runbookStackFile));
    writeAirflow272Stack();
    writeSecretStack();
    const recordJs = path.join(projectDir, "bin", "test", "support", "recordRuns.js");
    recording = Promise.all([
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
    ]).then(([results]) => {
        const failed = results.filter((result) => result.code !== 0);
        if (failed.length > 0) throw new Error(failed.map((result) => result.stderr).join("\n"));
    });
    recording.catch((err: unknown) => failSetup(`recording the shared plans failed: ${String(err)}`));
}

/** Mocha global teardown: the run fails when the setup did, even if no spec read what it missed. */
export async function mochaGlobalTeardown(): Promise<void> {
    await recording;
}

const cache = new Map<RecordedName, RecordedRun & { doc: PlanDocument }>();

/** A recorded run with its parsed document (`{}` when the run printed no JSON document). */
export function recordedPlan(name: RecordedName): RecordedRun & { doc: PlanDocument } {
    let run = cache.get(name);
    if (run === undefined) {
        const recorded = JSON.parse(readArtifact(fileOf(name), `recorded ${name} plan`)) as RecordedRun;
        run = {
            ...recorded,
            doc: JSON.parse(recorded.stdout.startsWith("{") ? recorded.stdout : "{}") as PlanDocument,
        };
        cache.set(name, run);
    }
    return run;
}

/**
 * The plans every spec that only reads a plan shares: recorded once per `mocha` run and read from
 * bin/test/.recorded/ by the specs. This file is `.mocharc.json`'s `require`, loaded by mocha and by
 * each worker: its global setup writes the stack files the runs plan, and its root hook lets the
 * workers share the runs out and plan them through the plan CLI's own `planOutput`, in the worker,
 * whose SDK is loaded and warm already, so recording starts no process but the grpc runs' packs.
 * A spec that reads a run the other worker is still planning waits for it
 * (test/support/setupArtifacts.ts). The dev and prod plans run with
 * `--policy-mode grpc`, the engine-identical path, so they are also the reference the in-process
 * pack is compared against (test/policies/policyModes.spec.ts); the others use the in-process pack.
 */
// First, before any spec loads @pulumi/pulumi (this file is .mocharc.json's `require`).
import "../../tools/shared/deferSdkLoads";
// V8's compiled code of the SDKs, cached between runs as for the CLIs (the workers load them too).
import "../../tools/plan/compileCache";
import { spawn } from "child_process";
import * as fs from "fs";
import type * as Mocha from "mocha";
import * as path from "path";
import { isCachedByInputs } from "../../tools/package/schemaCache";
import type { PlanDocument } from "../../tools/plan/plan";
import { packLibrary } from "../package/tarball";
import { projectDir } from "./fixtures";
import { writeRunbookStack } from "./runbookStack";
import {
    claimArtifact,
    failArtifact,
    readArtifact,
    recordDir,
    setupRunning,
    startSetup,
    writeArtifact,
} from "./setupArtifacts";

// In the main process and in every worker (this file is loaded in both): the policy SDK throws an
// error for every resource a typed policy skips, and capturing their stacks costs CPU that no spec
// reads. Two frames still name the line of a failed assertion; the SDK raises the limit itself
// where it records a resource's source position.
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

/** Where the recorded text summary of prod goes (`--out`). */
export const prodTextFile = path.join(recordDir, "prodText.txt");

/** Where the global setup writes the dev stack with that `secure:` key, and the values file. */
const secretStackFile = path.join(recordDir, "secret", "Pulumi.dev.yaml");
const secretValuesFile = path.join(recordDir, "secret", "values.yaml");

/**
 * The runs recorded, by name: the shipped dev and prod stacks; prod after the runbook (images
 * pinned, serving on), which the specs of the endpoint, its roles and its monitor read; the
 * serving-mode examples; the seed setup with its cost; dev on the oldest Airflow version; the text
 * summary of prod, written with `--out` (a file gets the width of a pipe, a worker's inherited
 * terminal its own); dev with a `secure:` key whose plaintext comes from `--config-values`.
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
    prodText: ["--config-file", "Pulumi.prod.yaml", "--no-policies", "--out", prodTextFile],
    devSecret: ["--config-file", secretStackFile, "--config-values", secretValuesFile, "--json"],
} as const;

/** A recorded plan name. */
export type RecordedName = keyof typeof RECORDED_RUNS;

function fileOf(name: RecordedName): string {
    return path.join(recordDir, `${name}.json`);
}

/**
 * Collects what is written to stdout and stderr while `run` runs (the CLI's streams: a plan that
 * printed anything besides its document would print it there too), and restores them.
 */
async function capturingOutput<T>(run: () => Promise<T>): Promise<{ value: T; stdout: string; stderr: string }> {
    const streams = { stdout: process.stdout, stderr: process.stderr };
    const written = { stdout: "", stderr: "" };
    const writes = { stdout: streams.stdout.write, stderr: streams.stderr.write };
    for (const key of ["stdout", "stderr"] as const)
        streams[key].write = ((chunk: string | Uint8Array) => {
            written[key] += chunk.toString();
            return true;
        }) as typeof process.stdout.write;
    try {
        const value = await run();
        return { value, ...written };
    } finally {
        streams.stdout.write = writes.stdout;
        streams.stderr.write = writes.stderr;
    }
}

/**
 * One run through the plan CLI's own `planOutput`, as the CLI runs it (tools/plan/plan.ts `main`):
 * the document on stdout or in the `--out` file, a failure as `error: …` on stderr with exit 2.
 */
async function record(name: RecordedName): Promise<RecordedRun> {
    const args = RECORDED_RUNS[name];
    // Loaded here, in the worker: mocha's own process never plans.
    const { describeFailure, planOutput } = await import("../../tools/plan/plan");
    const { value, stdout, stderr } = await capturingOutput(async () => {
        try {
            return await planOutput(args);
        } catch (err) {
            return { text: "", code: 2, failure: `error: ${describeFailure(err)}\n` };
        }
    });
    if ("out" in value && value.out !== undefined) writeArtifact(value.out, value.text);
    const document = "out" in value && value.out !== undefined ? "" : value.text;
    return {
        args,
        code: value.code,
        stdout: stdout + document,
        stderr: stderr + ("failure" in value ? value.failure : ""),
    };
}

/**
 * Root hook, before each spec file in each worker: plans, in this worker, every run no worker has
 * claimed yet, in the order of {@link RECORDED_RUNS}. The workers' first files share the runs out;
 * a worker that reads a run the other one is still planning waits for it (setupArtifacts.ts). Run
 * without workers (one process, `--no-parallel` or a single spec file), it also waits for the
 * setup's background work, whose artifacts a spec in this process could not wait for.
 */
async function recordUnclaimedRuns(this: Mocha.Context): Promise<void> {
    if (!setupRunning()) return;
    this.timeout(300_000);
    // As in the CLI: a plan captures no stack for the errors the SDKs create internally.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        for (const name of Object.keys(RECORDED_RUNS) as RecordedName[]) {
            const file = fileOf(name);
            if (!claimArtifact(file)) continue;
            try {
                writeArtifact(file, JSON.stringify(await record(name)));
            } catch (err) {
                failArtifact(file, String(err));
            }
        }
    } finally {
        Error.stackTraceLimit = limit;
    }
    await background;
}

export const mochaHooks = { beforeAll: recordUnclaimedRuns };

/** The dev stack file with only `airflowVersion` changed to 2.7.2, the oldest accepted version. */
function writeAirflow272Stack(): void {
    const text = fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8");
    fs.mkdirSync(path.dirname(airflow272StackFile), { recursive: true });
    fs.writeFileSync(airflow272StackFile, text.replace(/airflowVersion: "3\.0\.6"/, 'airflowVersion: "2.7.2"'));
}

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

/** Runs node with `args` from the repository root; rejects with its stderr unless it exits 0. */
function runNode(args: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: projectDir, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(stderr))));
    });
}

/** Written once the package-schema and settings-docs caches hold the current sources. */
const schemaWarm = path.join(recordDir, "schema-caches.warm");

/**
 * Waits until the schema caches are filled: a spec that infers the schema itself while the setup's
 * process does (a cold first run) would double the run's longest computation.
 */
export function awaitSchemaCaches(): void {
    readArtifact(schemaWarm, "warm package-schema and settings-docs caches");
}

/** The global setup's background work: settled (and failed, if it failed) by the global teardown. */
let background: Promise<unknown> | undefined;

/**
 * Mocha global setup: writes the derived stack files the runs plan, then starts packing the library
 * for the package specs (test/package/tarball.ts) and, when the package-schema and settings-docs
 * caches (tools/package/schemaCache.ts) lack the current sources (a changed component, a fresh
 * clone), filling them in a process of their own; and returns without waiting. The workers record
 * the runs themselves (their SDK is loaded already), and the specs wait for what they read.
 */
export function mochaGlobalSetup(): void {
    startSetup();
    writeRunbookStack(path.dirname(runbookStackFile));
    writeAirflow272Stack();
    writeSecretStack();
    const schemaCold =
        !isCachedByInputs(projectDir, "package-schema") || !isCachedByInputs(projectDir, "settings-docs");
    const warmed = schemaCold ? runNode([path.join(projectDir, "bin", "test", "support", "warmSchema.js")]) : undefined;
    background = Promise.all([
        packLibrary(),
        Promise.resolve(warmed).then(
            () => writeArtifact(schemaWarm, ""),
            (err: unknown) => {
                failArtifact(schemaWarm, String(err));
                throw err;
            },
        ),
    ]);
}

/** Mocha global teardown: the run fails when the setup did, even if no spec read what it missed. */
export async function mochaGlobalTeardown(): Promise<void> {
    await background;
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

/**
 * The pack process (`--policy-mode grpc`): the pack program is started with node in the pack's
 * folder, in the environment the Pulumi CLI gives a Node.js policy pack, and prints its gRPC port
 * on stdout. A pack may be prestarted so that its start-up overlaps other work. The stack config
 * reaches it through a file (stackConfigFile.ts), and closing it waits for the process to exit, so
 * its time is part of every measured run.
 */
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { call, toStruct } from "./analyzerProtocol";
import { PackClient } from "./packClient";
import { STACK_CONFIG_FILE_ENV, StackConfigFile, writeStackConfigFile } from "./stackConfigFile";
import { PolicyRunOptions } from "./types";

/** Repository root, from the compiled location bin/tools/policy/ (or tools/policy/ when run from source). */
function repoRoot(): string {
    const up = path.resolve(__dirname, "..", "..");
    return path.basename(up) === "bin" ? path.resolve(up, "..") : up;
}

/** A spawned pack whose port may not be printed yet. */
interface SpawnedPack {
    readonly child: ChildProcess;
    readonly port: Promise<number>;
    readonly configFile: StackConfigFile;
}

/** Options that shape the pack process (its environment and files): a prestarted pack must match them. */
function spawnKey(options: PolicyRunOptions): string {
    const { project, stack, environment, requiredTags, stackConfig, packDir, program, launcher } = options;
    return JSON.stringify({ project, stack, environment, requiredTags, stackConfig, packDir, program, launcher });
}

/**
 * Node's arguments for the pack. The CLI's nodejs language host runs a policy pack as
 * `node <pack's @pulumi/pulumi>/cmd/run-policy-pack <engine-address> <pack folder>` (pulumi/pulumi
 * sdk/nodejs/cmd/pulumi-language-nodejs, RunPlugin for policy packs); run-policy-pack drops the
 * address, registers ts-node and requires the folder, i.e. its package.json `main`.
 */
function launchArgs(options: PolicyRunOptions, packDir: string, program: string): string[] {
    // The tools' own launch defers the SDK's unused loads (tools/shared/deferSdkLoads.ts) and uses V8's
    // compile cache (tools/plan/compileCache.ts), as the plan does: the pack loads the SDKs again.
    if (options.launcher !== "run-policy-pack")
        return ["--require", DEFER_SDK_LOADS, "--require", COMPILE_CACHE, program];
    const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    // No engine serves this address: the policy SDK only talks to its own gRPC clients.
    return [runPolicyPack, "127.0.0.1:0", packDir];
}

const DEFER_SDK_LOADS = path.join(__dirname, "..", "shared", "deferSdkLoads.js");
const COMPILE_CACHE = path.join(__dirname, "..", "plan", "compileCache.js");

/** Spawns the pack program with node in its folder; `port` resolves with the port it prints. */
/** The pack's folder and compiled program (checked to exist), as both policy modes run them. */
export function packLocation(options: PolicyRunOptions): { packDir: string; program: string } {
    const root = repoRoot();
    const packDir = options.packDir ?? path.join(root, "policies");
    const program = options.program ?? path.join(root, "bin", "policies", "index.js");
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml")))
        throw new Error(`policy pack not found: ${packDir} has no PulumiPolicy.yaml`);
    if (options.launcher !== "run-policy-pack" && !fs.existsSync(program))
        throw new Error(`policy pack program ${program} does not exist; run \`npm run build\` first`);
    return { packDir, program };
}

function spawnPack(options: PolicyRunOptions): SpawnedPack {
    const { packDir, program } = packLocation(options);

    const configFile = writeStackConfigFile(options);
    // The environment the CLI gives a Node.js policy pack (see constructEnv in the engine), except
    // that the stack config is in a file: PULUMI_CONFIG is dropped so the parent's cannot leak in.
    const { PULUMI_CONFIG: _inherited, ...inherited } = process.env;
    const env = {
        ...inherited,
        [STACK_CONFIG_FILE_ENV]: configFile.path,
        PULUMI_PROJECT: options.project,
        PULUMI_STACK: options.stack,
        PULUMI_NODEJS_PROJECT: options.project,
        PULUMI_NODEJS_STACK: options.stack,
        PULUMI_DRY_RUN: "true",
        PULUMI_NODEJS_DRY_RUN: "true",
        // Loading @pulumi/policy (and with it @pulumi/pulumi) dominates start-up; Node's compile cache cuts it.
        NODE_COMPILE_CACHE:
            process.env.NODE_COMPILE_CACHE ?? path.join(os.tmpdir(), "mlops-platform-node-compile-cache"),
    };
    let child: ChildProcess;
    try {
        child = spawn(process.execPath, launchArgs(options, packDir, program), {
            cwd: packDir,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
    } catch (err) {
        configFile.remove();
        throw err;
    }
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    // Generous: only a pack that never starts waits this long, and on a shared 2-core machine under
    // load 15-25 a healthy pack took 23-45 s to print its port (2026-12-02).
    const timeoutMs = options.startTimeoutMs ?? 120000;

    const port = new Promise<number>((resolve, reject) => {
        let stdout = "";
        const fail = (why: string) => {
            clearTimeout(timer);
            child.kill();
            configFile.remove();
            reject(
                new Error(`policy pack ${packDir} failed to start: ${why}${stderr.trim() ? `\n${stderr.trim()}` : ""}`),
            );
        };
        const timer = setTimeout(() => fail(`no port printed within ${timeoutMs} ms`), timeoutMs);
        timer.unref();
        child.on("error", (e) => fail(e.message));
        child.on("exit", (code, signal) => fail(`exited with ${signal ?? `code ${code}`} before printing its port`));
        child.stdout?.on("data", (d: Buffer) => {
            stdout += d.toString();
            const line = /^(\d+)\s*$/m.exec(stdout);
            if (line !== null) {
                clearTimeout(timer);
                child.removeAllListeners("exit");
                resolve(Number(line[1]));
            }
        });
    });
    // Reported by whoever awaits it; a prestarted pack nobody uses must not crash the process.
    port.catch(() => undefined);
    return { child, port, configFile };
}

const prestarted = new Map<string, SpawnedPack>();

/**
 * Starts the pack ahead of {@link runPolicyPack} (e.g. while the stack program runs), so its
 * start-up (about 0.8 s, mostly loading the policy SDK) overlaps other work. `runPolicyPack` with
 * the same options uses it; an unused prestarted pack is killed when this process exits.
 * Returns the pack's process id.
 */
export function prestartPolicyPack(options: PolicyRunOptions): number | undefined {
    const key = spawnKey(options);
    const existing = prestarted.get(key);
    if (existing !== undefined) return existing.child.pid;
    const spawned = spawnPack(options);
    // Do not hold the event loop open for a pack that may never be used.
    spawned.child.unref();
    (spawned.child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    (spawned.child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    process.once("exit", () => {
        spawned.child.kill();
        spawned.configFile.remove();
    });
    prestarted.set(key, spawned);
    return spawned.child.pid;
}

/** Stops the pack process and resolves once it has exited (its CPU time and memory end with it). */
function stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill();
    return exited;
}

/** Starts (or takes the prestarted) pack process and connects to it over gRPC. */
export async function startPackProcess(options: PolicyRunOptions): Promise<PackClient> {
    const key = spawnKey(options);
    const spawned = prestarted.get(key) ?? spawnPack(options);
    prestarted.delete(key);
    const { child, configFile } = spawned;
    child.ref();
    (child.stdout as unknown as { ref?: () => void } | null)?.ref?.();
    (child.stderr as unknown as { ref?: () => void } | null)?.ref?.();
    const port = await spawned.port;
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    return {
        structOf: toStruct,
        getAnalyzerInfo: (req) => call<Empty, proto.AnalyzerInfo>(client.getAnalyzerInfo.bind(client), req),
        configure: (req) => call<proto.ConfigureAnalyzerRequest, Empty>(client.configure.bind(client), req),
        analyze: (req) => call<proto.AnalyzeRequest, proto.AnalyzeResponse>(client.analyze.bind(client), req),
        analyzeStack: (req) =>
            call<proto.AnalyzeStackRequest, proto.AnalyzeResponse>(client.analyzeStack.bind(client), req),
        close: async () => {
            client.close();
            await stop(child);
            configFile.remove();
        },
    };
}

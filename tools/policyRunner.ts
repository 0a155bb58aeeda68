/**
 * Runs the CrossGuard policy pack over planned resources exactly the way the Pulumi engine does:
 * the pack program is started with node in the pack's folder (it prints its gRPC port on stdout),
 * and the runner speaks the Analyzer protocol to it — `getAnalyzerInfo`, `configure` with the
 * policy config, `analyze` once per resource (inputs) and `analyzeStack` once (outputs, parents,
 * dependencies). What the offline plan checks is therefore what `pulumi preview --policy-pack`
 * checks, including the policy SDK's unknown-value proxy and config handling.
 */
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { PlannedResource } from "./recorder";

/** One policy violation reported by the pack. */
export interface PolicyViolation {
    /** Policy name, e.g. `s3-public-access-block`. */
    policy: string;
    /** Enforcement level the violation was reported at (after policy config). */
    enforcementLevel: "mandatory" | "advisory";
    /** URN of the resource at fault (the root stack URN when a stack policy names none). */
    urn: string;
    /** What is wrong and what to change. */
    message: string;
}

/** Enforcement levels a policy config may set. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** Options for {@link runPolicyPack}. */
export interface PolicyRunOptions {
    /** Pulumi project name. */
    project: string;
    /** Stack name. */
    stack: string;
    /** Environment the stack deploys; environment-dependent policies get it as their `environment` config. */
    environment: "dev" | "staging" | "prod";
    /** Configured tags (stack config `mlops-platform:tags`), required on every taggable resource. */
    requiredTags?: Record<string, string>;
    /**
     * Policy config in the format of `pulumi preview --policy-pack-config <file>`: `{ "all": level }`
     * and per policy either a level or `{ enforcementLevel?, ...properties }`.
     */
    policyConfig?: Record<string, unknown>;
    /** Flat stack config (`namespace:key` → value), handed to the pack as the CLI does (`PULUMI_CONFIG`). */
    stackConfig?: Record<string, unknown>;
    /** Folder of the pack (holds PulumiPolicy.yaml and package.json). Default: `policies/` of this repository. */
    packDir?: string;
    /** Compiled pack program. Default: `bin/policies/index.js` of this repository. */
    program?: string;
    /** How long to wait for the pack to start, in ms (default 30 000). */
    startTimeoutMs?: number;
}

/** The enforcement level, per the Analyzer protocol enum. */
const LEVEL_TO_PROTO: Record<EnforcementLevel, proto.EnforcementLevel> = {
    advisory: proto.EnforcementLevel.ADVISORY,
    mandatory: proto.EnforcementLevel.MANDATORY,
    remediate: proto.EnforcementLevel.REMEDIATE,
    disabled: proto.EnforcementLevel.DISABLED,
};
const LEVELS = Object.keys(LEVEL_TO_PROTO) as EnforcementLevel[];

/** Repository root, from the compiled location bin/tools/ (or tools/ when run from source). */
function repoRoot(): string {
    const up = path.resolve(__dirname, "..");
    return path.basename(up) === "bin" ? path.resolve(up, "..") : up;
}

/** A running pack: its process and a connected client. */
interface RunningPack {
    readonly child: ChildProcess;
    readonly client: AnalyzerClient;
}

/** A spawned pack whose port may not be printed yet. */
interface SpawnedPack {
    readonly child: ChildProcess;
    readonly port: Promise<number>;
}

/** Options that shape the pack process (its environment and files): a prestarted pack must match them. */
function spawnKey(options: PolicyRunOptions): string {
    const { project, stack, environment, requiredTags, stackConfig, packDir, program } = options;
    return JSON.stringify({ project, stack, environment, requiredTags, stackConfig, packDir, program });
}

/** Spawns the pack program with node in its folder; `port` resolves with the port it prints. */
function spawnPack(options: PolicyRunOptions): SpawnedPack {
    const root = repoRoot();
    const packDir = options.packDir ?? path.join(root, "policies");
    const program = options.program ?? path.join(root, "bin", "policies", "index.js");
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) throw new Error(`policy pack not found: ${packDir} has no PulumiPolicy.yaml`);
    if (!fs.existsSync(program)) throw new Error(`policy pack program ${program} does not exist; run \`npm run build\` first`);

    const config = {
        ...(options.stackConfig ?? {}),
        "mlops-platform:environment": options.environment,
        ...(options.requiredTags ? { "mlops-platform:tags": JSON.stringify(options.requiredTags) } : {}),
    };
    // The same environment the CLI gives a Node.js policy pack (see constructEnv in the engine).
    const env = {
        ...process.env,
        PULUMI_CONFIG: JSON.stringify(config),
        PULUMI_PROJECT: options.project,
        PULUMI_STACK: options.stack,
        PULUMI_NODEJS_PROJECT: options.project,
        PULUMI_NODEJS_STACK: options.stack,
        PULUMI_DRY_RUN: "true",
        PULUMI_NODEJS_DRY_RUN: "true",
        // Loading @pulumi/policy (and with it @pulumi/pulumi) dominates start-up; Node's compile cache cuts it.
        NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? path.join(os.tmpdir(), "mlops-platform-node-compile-cache"),
    };
    const child = spawn(process.execPath, [program], { cwd: packDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const timeoutMs = options.startTimeoutMs ?? 30000;

    const port = new Promise<number>((resolve, reject) => {
        let stdout = "";
        const fail = (why: string) => {
            clearTimeout(timer);
            child.kill();
            reject(new Error(`policy pack ${packDir} failed to start: ${why}${stderr.trim() ? `\n${stderr.trim()}` : ""}`));
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
    return { child, port };
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
    process.once("exit", () => spawned.child.kill());
    prestarted.set(key, spawned);
    return spawned.child.pid;
}

/** Starts (or takes the prestarted) pack and connects to it. */
async function startPack(options: PolicyRunOptions): Promise<RunningPack> {
    const key = spawnKey(options);
    const spawned = prestarted.get(key) ?? spawnPack(options);
    prestarted.delete(key);
    spawned.child.ref();
    (spawned.child.stdout as unknown as { ref?: () => void } | null)?.ref?.();
    (spawned.child.stderr as unknown as { ref?: () => void } | null)?.ref?.();
    const port = await spawned.port;
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    return { child: spawned.child, client };
}

/** Longest a single Analyzer call may take before the run fails (a hung pack must not hang CI). */
const CALL_DEADLINE_MS = 120_000;

type Unary<Req, Res> = (req: Req, metadata: grpc.Metadata, options: Partial<grpc.CallOptions>, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown;

/** Calls a unary RPC as a promise, with a deadline. */
function call<Req, Res>(fn: Unary<Req, Res>, req: Req): Promise<Res> {
    return new Promise((resolve, reject) =>
        fn(req, new grpc.Metadata(), { deadline: Date.now() + CALL_DEADLINE_MS }, (err, res) => (err ? reject(err) : resolve(res))),
    );
}

/** Plain data as a google.protobuf.Struct (undefined dropped, as the engine never sends it). */
function toStruct(value: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, never>);
}

/** A Go duration (`1h30m`, `10m`, `90s`) in seconds. */
export function durationSeconds(duration: string | undefined): number {
    if (!duration) return 0;
    const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, µs: 1e-6, ns: 1e-9 };
    let total = 0;
    for (const [, n, unit] of duration.matchAll(/([\d.]+)(h|ms|us|µs|ns|m|s)/g)) total += Number(n) * units[unit];
    return total;
}

function resourceOptions(r: PlannedResource, withParent: boolean): proto.AnalyzerResourceOptions {
    const opts = new proto.AnalyzerResourceOptions();
    opts.setProtect(r.protect);
    opts.setIgnorechangesList([...r.ignoreChanges]);
    opts.setDeletebeforereplace(r.deleteBeforeReplace);
    opts.setDeletebeforereplacedefined(r.deleteBeforeReplace);
    opts.setAliasesList([]);
    opts.setAdditionalsecretoutputsList([]);
    const timeouts = new proto.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(durationSeconds(r.customTimeouts?.create));
    timeouts.setUpdate(durationSeconds(r.customTimeouts?.update));
    timeouts.setDelete(durationSeconds(r.customTimeouts?.delete));
    opts.setCustomtimeouts(timeouts);
    // The engine sets the parent in options for Analyze; AnalyzeStack carries it on the resource.
    if (withParent && r.parent) opts.setParent(r.parent);
    return opts;
}

function providerOf(r: PlannedResource, byUrn: Map<string, PlannedResource>): proto.AnalyzerProviderResource | undefined {
    if (!r.provider) return undefined;
    const urn = r.provider.split("::").slice(0, -1).join("::");
    const p = byUrn.get(urn);
    if (p === undefined) return undefined;
    const provider = new proto.AnalyzerProviderResource();
    provider.setUrn(p.urn);
    provider.setType(p.type);
    provider.setName(p.name);
    provider.setProperties(toStruct(p.inputs));
    return provider;
}

/** Pack info: each policy's default level and whether its config schema has a property. */
interface PackInfo {
    readonly levels: Map<string, EnforcementLevel>;
    readonly schemaProps: Map<string, Set<string>>;
}

async function packInfo(client: AnalyzerClient): Promise<PackInfo> {
    const info = await call<Empty, proto.AnalyzerInfo>(client.getAnalyzerInfo.bind(client), new Empty());
    const levels = new Map<string, EnforcementLevel>();
    const schemaProps = new Map<string, Set<string>>();
    for (const p of info.getPoliciesList()) {
        levels.set(p.getName(), LEVELS.find((l) => LEVEL_TO_PROTO[l] === p.getEnforcementlevel()) ?? "advisory");
        const props = p.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
        schemaProps.set(p.getName(), new Set(Object.keys(props)));
    }
    return { levels, schemaProps };
}

function asLevel(value: unknown, where: string): EnforcementLevel {
    if (typeof value === "string" && (LEVELS as string[]).includes(value)) return value as EnforcementLevel;
    throw new Error(`policy config ${where}: invalid enforcement level ${JSON.stringify(value)} (expected ${LEVELS.join(", ")})`);
}

/**
 * Resolves a `--policy-pack-config` style object into one PolicyConfig per policy, the way the CLI
 * does, and injects `environment` / `requiredTags` into the policies whose schema declares them.
 */
export function resolvePolicyConfig(
    info: PackInfo,
    options: Pick<PolicyRunOptions, "environment" | "requiredTags" | "policyConfig">,
): Map<string, { level: EnforcementLevel; properties: Record<string, unknown> }> {
    const config = options.policyConfig ?? {};
    for (const key of Object.keys(config)) {
        if (key !== "all" && !info.levels.has(key)) throw new Error(`policy config names unknown policy "${key}" (known: ${[...info.levels.keys()].join(", ")})`);
    }
    const all = config.all === undefined ? undefined : asLevel(config.all, '"all"');
    const out = new Map<string, { level: EnforcementLevel; properties: Record<string, unknown> }>();
    for (const [name, defaultLevel] of info.levels) {
        const entry = config[name];
        let level = all ?? defaultLevel;
        let properties: Record<string, unknown> = {};
        if (typeof entry === "string") level = asLevel(entry, `"${name}"`);
        else if (typeof entry === "object" && entry !== null) {
            const { enforcementLevel, ...rest } = entry as Record<string, unknown>;
            if (enforcementLevel !== undefined) level = asLevel(enforcementLevel, `"${name}".enforcementLevel`);
            properties = rest;
        }
        const schema = info.schemaProps.get(name) ?? new Set<string>();
        if (schema.has("environment") && properties.environment === undefined) properties.environment = options.environment;
        if (schema.has("requiredTags") && properties.requiredTags === undefined && options.requiredTags) properties.requiredTags = options.requiredTags;
        out.set(name, { level, properties });
    }
    return out;
}

function toViolation(d: proto.AnalyzeDiagnostic, urn: string): PolicyViolation | undefined {
    const level = d.getEnforcementlevel();
    if (level === proto.EnforcementLevel.DISABLED) return undefined;
    const description = d.getDescription();
    const message = d.getMessage();
    // The SDK prefixes the policy description; keep only the specific message.
    const specific = description && message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message;
    return {
        policy: d.getPolicyname(),
        // Remediate-level violations that remain are mandatory, as in the engine.
        enforcementLevel: level === proto.EnforcementLevel.ADVISORY ? "advisory" : "mandatory",
        urn,
        message: specific,
    };
}

/**
 * Runs the pack over the planned resources: `analyze` for each (its inputs), then `analyzeStack`
 * over all (their outputs). Returns every violation; the caller decides on exit codes.
 */
export async function runPolicyPack(resources: readonly PlannedResource[], options: PolicyRunOptions): Promise<PolicyViolation[]> {
    const { child, client } = await startPack(options);
    try {
        const info = await packInfo(client);
        const configure = new proto.ConfigureAnalyzerRequest();
        const map = configure.getPolicyconfigMap();
        for (const [name, c] of resolvePolicyConfig(info, options)) {
            const pc = new proto.PolicyConfig();
            pc.setEnforcementlevel(LEVEL_TO_PROTO[c.level]);
            pc.setProperties(toStruct(c.properties));
            map.set(name, pc);
        }
        await call<proto.ConfigureAnalyzerRequest, Empty>(client.configure.bind(client), configure);

        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const perResource = await Promise.all(
            resources.map(async (r) => {
                const req = new proto.AnalyzeRequest();
                req.setUrn(r.urn);
                req.setType(r.type);
                req.setName(r.name);
                req.setProperties(toStruct(r.inputs));
                req.setOptions(resourceOptions(r, true));
                const provider = providerOf(r, byUrn);
                if (provider) req.setProvider(provider);
                const res = await call<proto.AnalyzeRequest, proto.AnalyzeResponse>(client.analyze.bind(client), req);
                // The engine attributes Analyze diagnostics to the analyzed resource.
                return res.getDiagnosticsList().map((d) => toViolation(d, r.urn));
            }),
        );

        const stackReq = new proto.AnalyzeStackRequest();
        stackReq.setResourcesList(
            resources.map((r) => {
                const ar = new proto.AnalyzerResource();
                ar.setUrn(r.urn);
                ar.setType(r.type);
                ar.setName(r.name);
                ar.setProperties(toStruct(r.outputs));
                ar.setOptions(resourceOptions(r, false));
                const provider = providerOf(r, byUrn);
                if (provider) ar.setProvider(provider);
                if (r.parent) ar.setParent(r.parent);
                ar.setDependenciesList([...r.dependencies]);
                const deps = ar.getPropertydependenciesMap();
                for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                    if (urns.length === 0) continue;
                    const pd = new proto.AnalyzerPropertyDependencies();
                    pd.setUrnsList([...urns]);
                    deps.set(key, pd);
                }
                return ar;
            }),
        );
        const stackRes = await call<proto.AnalyzeStackRequest, proto.AnalyzeResponse>(client.analyzeStack.bind(client), stackReq);
        const rootUrn = `urn:pulumi:${options.stack}::${options.project}::pulumi:pulumi:Stack::${options.project}-${options.stack}`;
        const stackViolations = stackRes.getDiagnosticsList().map((d) => toViolation(d, d.getUrn() && byUrn.has(d.getUrn()) ? d.getUrn() : rootUrn));

        return [...perResource.flat(), ...stackViolations].filter((v): v is PolicyViolation => v !== undefined);
    } finally {
        client.close();
        child.kill();
    }
}

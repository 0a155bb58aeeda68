/**
 * The pack in this process (`--policy-mode in-process`, the default for local plans and tests).
 *
 * The compiled pack program is loaded here while @pulumi/policy's gRPC server is held back: the
 * pack's `new PolicyPack(...)` calls the SDK's `serve()`, which builds the Analyzer handlers and
 * hands them to `grpc.Server#addService`; this module takes them from there instead of letting the
 * server listen. The runner then calls the very handlers the pack process would run, with the
 * protobuf requests of the gRPC path (their property bags already plain: {@link plainStruct}), so
 * the policies, the SDK's config handling, its unknown-value proxy and its diagnostics are the same
 * code as over gRPC — without a second Node process loading the SDK again (about 1.9 s and 170 MB
 * per plan). test/policies/policyModes.spec.ts proves both modes report the same violations on the
 * repository's stacks.
 */
import * as path from "path";
import type { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { PackClient } from "./packClient";
import { STACK_CONFIG_FILE_ENV, writeStackConfigFile } from "./stackConfigFile";
import { PolicyRunOptions } from "./types";
import { packLocation } from "./packProcess";

type Callback = (err: unknown, res?: unknown) => void;
type Handler = (call: { request: unknown }, callback: Callback) => unknown;

/** The Analyzer handlers @pulumi/policy's `serve()` registers (the ones the runner calls). */
const HANDLERS = ["getAnalyzerInfo", "configure", "analyze", "analyzeStack"] as const;
type AnalyzerHandlers = Record<(typeof HANDLERS)[number], Handler>;

let loaded: { readonly program: string; readonly handlers: AnalyzerHandlers } | undefined;

/**
 * Loads the pack program with grpc-js' Server stubbed for the duration of the (synchronous) load,
 * and returns the handlers the policy SDK registered. One pack per process: the SDK refuses a
 * second `serve()` (and exits the process).
 */
export function loadPackHandlers(packDir: string, program: string): AnalyzerHandlers {
    if (loaded !== undefined) {
        if (loaded.program === program) return loaded.handlers;
        throw new Error(
            `in-process policy mode already loaded ${loaded.program}; use --policy-mode grpc for ${program}`,
        );
    }
    // The grpc-js instance @pulumi/policy's server.js itself requires (resolved from its folder).
    const serverJs = require.resolve("@pulumi/policy/server", { paths: [path.dirname(program)] });
    const grpcJs = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(serverJs)] })) as {
        Server: { prototype: Record<string, unknown> };
    };
    const server = grpcJs.Server.prototype;
    const { addService, bindAsync } = server;
    let registered: Partial<AnalyzerHandlers> | undefined;
    server.addService = function (_service: unknown, implementation: Partial<AnalyzerHandlers>) {
        registered = implementation;
    };
    // Never listen: no port, and nothing printed on stdout.
    server.bindAsync = () => undefined;
    const cwd = process.cwd();
    try {
        // PolicyPack reads its version from ./package.json, as in the pack's own process.
        process.chdir(packDir);
        require(program);
    } finally {
        process.chdir(cwd);
        server.addService = addService;
        server.bindAsync = bindAsync;
    }
    const missing = HANDLERS.filter((name) => typeof registered?.[name] !== "function");
    if (missing.length > 0)
        throw new Error(
            `in-process policy mode: loading ${program} registered no Analyzer ${missing.join(", ")} handler ` +
                "(did @pulumi/policy stop serving through grpc.Server#addService?); use --policy-mode grpc",
        );
    loaded = { program, handlers: registered as AnalyzerHandlers };
    return loaded.handlers;
}

/**
 * A property bag for the handlers in this process: a Struct whose `toJavaScript()` (the only
 * method @pulumi/policy's handlers call on one, server.js and deserialize.js) returns the plain JSON
 * value itself. Over gRPC the bag is `Struct.fromJavaScript`, serialized, parsed and converted back:
 * the same JSON value, at a fifth of an in-process plan's CPU for a large stack.
 */
class PlainStruct extends Struct {
    constructor(private readonly plain: Record<string, unknown>) {
        super();
    }

    override toJavaScript(): Record<string, never> {
        return this.plain as Record<string, never>;
    }
}

/**
 * Rebuilds every object with its keys sorted, as a Struct's map fields give them back (jspb.Map
 * iterates its keys sorted), so policies that walk `Object.entries` report in the gRPC path's order.
 */
function sortedKeys(_key: string, value: unknown): unknown {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    const object = value as Record<string, unknown>;
    return Object.fromEntries(
        Object.keys(object)
            .sort()
            .map((key) => [key, object[key]]),
    );
}

/** The JSON round trip keeps what the wire keeps (no undefined, no functions), in a copy per request. */
export const plainStruct = (value: Record<string, unknown>): Struct =>
    new PlainStruct(JSON.parse(JSON.stringify(value), sortedKeys) as Record<string, unknown>);

/** Calls one handler the way grpc-js would, with the request object itself. */
function invoke<Res>(handler: Handler, request: unknown): Promise<Res> {
    return new Promise((resolve, reject) => {
        handler({ request }, (err, res) => (err ? reject(err) : resolve(res as Res)));
    });
}

/** Runs one after another: the SDK keeps the configured policy config in a module-level variable. */
let queue: Promise<void> = Promise.resolve();

/**
 * Starts the in-process pack for one run. The stack config reaches the pack through the same file
 * as in grpc mode; runs in one process are serialized until {@link PackClient.close}.
 */
export async function startInProcessPack(options: PolicyRunOptions): Promise<PackClient> {
    const { packDir, program } = packLocation(options);
    const handlers = loadPackHandlers(packDir, program);
    let release!: () => void;
    const previous = queue;
    queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const configFile = writeStackConfigFile(options);
    const saved = process.env[STACK_CONFIG_FILE_ENV];
    process.env[STACK_CONFIG_FILE_ENV] = configFile.path;
    return {
        structOf: plainStruct,
        getAnalyzerInfo: (req: Empty) => invoke<proto.AnalyzerInfo>(handlers.getAnalyzerInfo, req),
        configure: (req) => invoke<unknown>(handlers.configure, req),
        analyze: (req) => invoke<proto.AnalyzeResponse>(handlers.analyze, req),
        analyzeStack: (req) => invoke<proto.AnalyzeResponse>(handlers.analyzeStack, req),
        close: async () => {
            if (saved === undefined) delete process.env[STACK_CONFIG_FILE_ENV];
            else process.env[STACK_CONFIG_FILE_ENV] = saved;
            configFile.remove();
            release();
        },
    };
}

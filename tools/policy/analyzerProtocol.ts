/**
 * The Analyzer gRPC protocol as the Pulumi engine speaks it to a policy pack: promise-based
 * unary calls with a deadline, and the conversion of planned resources into requests and of
 * diagnostics into violations.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { PlannedResource } from "../plan/recorder";
import { PackClient } from "./packClient";
import { LEVELS, PackInfo } from "./packConfig";
import { EnforcementLevel, PolicyViolation } from "./types";

/** The enforcement level, per the Analyzer protocol enum. */
const LEVEL_TO_PROTO: Record<EnforcementLevel, proto.EnforcementLevel> = {
    advisory: proto.EnforcementLevel.ADVISORY,
    mandatory: proto.EnforcementLevel.MANDATORY,
    remediate: proto.EnforcementLevel.REMEDIATE,
    disabled: proto.EnforcementLevel.DISABLED,
};

/** Longest a single Analyzer call may take before the run fails (a hung pack must not hang CI). */
const CALL_DEADLINE_MS = 120_000;

type Unary<Req, Res> = (
    req: Req,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    cb: (err: grpc.ServiceError | null, res: Res) => void,
) => unknown;

/** Calls a unary RPC as a promise, with a deadline. */
export function call<Req, Res>(fn: Unary<Req, Res>, req: Req): Promise<Res> {
    return new Promise((resolve, reject) =>
        fn(req, new grpc.Metadata(), { deadline: Date.now() + CALL_DEADLINE_MS }, (err, res) =>
            err ? reject(err) : resolve(res),
        ),
    );
}

/** How a pack client takes a request's property bags (see {@link PackClient.structOf}). */
export type StructOf = (value: Record<string, unknown>) => Struct;

/** Plain data as a google.protobuf.Struct (undefined dropped, as the engine never sends it). */
export const toStruct: StructOf = (value) =>
    Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, never>);

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

function providerOf(
    r: PlannedResource,
    byUrn: Map<string, PlannedResource>,
    structOf: StructOf,
): proto.AnalyzerProviderResource | undefined {
    if (!r.provider) return undefined;
    const urn = r.provider.split("::").slice(0, -1).join("::");
    const p = byUrn.get(urn);
    if (p === undefined) return undefined;
    const provider = new proto.AnalyzerProviderResource();
    provider.setUrn(p.urn);
    provider.setType(p.type);
    provider.setName(p.name);
    provider.setProperties(structOf(p.inputs));
    return provider;
}

/** Pack info from `getAnalyzerInfo`. */
export async function packInfo(pack: PackClient): Promise<PackInfo> {
    const info = await pack.getAnalyzerInfo(new Empty());
    const levels = new Map<string, EnforcementLevel>();
    const schemaProps = new Map<string, Set<string>>();
    for (const p of info.getPoliciesList()) {
        levels.set(p.getName(), LEVELS.find((l) => LEVEL_TO_PROTO[l] === p.getEnforcementlevel()) ?? "advisory");
        const props = p.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
        schemaProps.set(p.getName(), new Set(Object.keys(props)));
    }
    return { levels, schemaProps };
}

/** The `configure` request for resolved policy config (see {@link resolvePolicyConfig}). */
export function configureRequest(
    config: ReadonlyMap<string, { level: EnforcementLevel; properties: Record<string, unknown> }>,
    structOf: StructOf,
): proto.ConfigureAnalyzerRequest {
    const configure = new proto.ConfigureAnalyzerRequest();
    const map = configure.getPolicyconfigMap();
    for (const [name, c] of config) {
        const pc = new proto.PolicyConfig();
        pc.setEnforcementlevel(LEVEL_TO_PROTO[c.level]);
        pc.setProperties(structOf(c.properties));
        map.set(name, pc);
    }
    return configure;
}

/** The `analyze` request for one resource: its inputs, with the parent in its options. */
export function analyzeRequest(
    r: PlannedResource,
    byUrn: Map<string, PlannedResource>,
    structOf: StructOf,
): proto.AnalyzeRequest {
    const req = new proto.AnalyzeRequest();
    req.setUrn(r.urn);
    req.setType(r.type);
    req.setName(r.name);
    req.setProperties(structOf(r.inputs));
    req.setOptions(resourceOptions(r, true));
    const provider = providerOf(r, byUrn, structOf);
    if (provider) req.setProvider(provider);
    return req;
}

/** The `analyzeStack` request: every resource with its outputs, parent and dependencies. */
export function analyzeStackRequest(
    resources: readonly PlannedResource[],
    byUrn: Map<string, PlannedResource>,
    structOf: StructOf,
): proto.AnalyzeStackRequest {
    const stackReq = new proto.AnalyzeStackRequest();
    stackReq.setResourcesList(
        resources.map((r) => {
            const ar = new proto.AnalyzerResource();
            ar.setUrn(r.urn);
            ar.setType(r.type);
            ar.setName(r.name);
            ar.setProperties(structOf(r.outputs));
            ar.setOptions(resourceOptions(r, false));
            const provider = providerOf(r, byUrn, structOf);
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
    return stackReq;
}

/** A diagnostic as a violation of `urn`; undefined for a disabled policy. */
export function toViolation(d: proto.AnalyzeDiagnostic, urn: string): PolicyViolation | undefined {
    const level = d.getEnforcementlevel();
    if (level === proto.EnforcementLevel.DISABLED) return undefined;
    const description = d.getDescription();
    const message = d.getMessage();
    // The SDK prefixes the policy description; keep only the specific message.
    const specific =
        description && message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message;
    return {
        policy: d.getPolicyname(),
        // Remediate-level violations that remain are mandatory, as in the engine.
        enforcementLevel: level === proto.EnforcementLevel.ADVISORY ? "advisory" : "mandatory",
        urn,
        message: specific,
    };
}

/**
 * Runs the CrossGuard policy pack over planned resources exactly the way the Pulumi engine does:
 * the pack program is started with node in the pack's folder (it prints its gRPC port on stdout),
 * and the runner speaks the Analyzer protocol to it — `getAnalyzerInfo`, `configure` with the
 * policy config, `analyze` once per resource (inputs) and `analyzeStack` once (outputs, parents,
 * dependencies). What the offline plan checks is therefore what `pulumi preview --policy-pack`
 * checks, including the policy SDK's unknown-value proxy and config handling.
 *
 * By default (`policyMode: "in-process"`) the same handlers run in this process (inProcessPack.ts):
 * same requests (property bags as plain values), same SDK code, no second Node process.
 * `policyMode: "grpc"` runs the pack's own process (packProcess.ts) as the engine does; CI plans
 * that way. The protocol conversion lives in analyzerProtocol.ts and the policy config in
 * packConfig.ts; this module runs them in order.
 */
import { PlannedResource } from "../plan/recorder";
import { analyzeRequest, analyzeStackRequest, configureRequest, packInfo, toViolation } from "./analyzerProtocol";
import { startInProcessPack } from "./inProcessPack";
import { PackClient } from "./packClient";
import { resolvePolicyConfig } from "./packConfig";
import { startPackProcess } from "./packProcess";
import { PolicyRunOptions, PolicyViolation } from "./types";

/** Starts the pack the way `options.policyMode` says. */
function startPack(options: PolicyRunOptions): Promise<PackClient> {
    return options.policyMode === "grpc" ? startPackProcess(options) : startInProcessPack(options);
}

/**
 * Runs the pack over the planned resources: `analyze` for each (its inputs), then `analyzeStack`
 * over all (their outputs). Returns every violation; the caller decides on exit codes.
 */
export async function runPolicyPack(
    resources: readonly PlannedResource[],
    options: PolicyRunOptions,
): Promise<PolicyViolation[]> {
    const pack = await startPack(options);
    try {
        const info = await packInfo(pack);
        await pack.configure(configureRequest(resolvePolicyConfig(info, options), pack.structOf));

        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const perResource = await Promise.all(
            resources.map(async (r) => {
                const req = analyzeRequest(r, byUrn, pack.structOf);
                const res = await pack.analyze(req);
                // The engine attributes Analyze diagnostics to the analyzed resource.
                return res.getDiagnosticsList().map((d) => toViolation(d, r.urn));
            }),
        );

        const stackReq = analyzeStackRequest(resources, byUrn, pack.structOf);
        const stackRes = await pack.analyzeStack(stackReq);
        const { stack, project } = options;
        const rootUrn = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
        const stackViolations = stackRes
            .getDiagnosticsList()
            .map((d) => toViolation(d, d.getUrn() && byUrn.has(d.getUrn()) ? d.getUrn() : rootUrn));

        return [...perResource.flat(), ...stackViolations].filter((v): v is PolicyViolation => v !== undefined);
    } finally {
        await pack.close();
    }
}

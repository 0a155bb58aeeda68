/**
 * Runs the CrossGuard policy pack over planned resources exactly the way the Pulumi engine does:
 * the pack program is started with node in the pack's folder (it prints its gRPC port on stdout),
 * and the runner speaks the Analyzer protocol to it — `getAnalyzerInfo`, `configure` with the
 * policy config, `analyze` once per resource (inputs) and `analyzeStack` once (outputs, parents,
 * dependencies). What the offline plan checks is therefore what `pulumi preview --policy-pack`
 * checks, including the policy SDK's unknown-value proxy and config handling.
 *
 * The pack process lives in packProcess.ts, the protocol conversion in analyzerProtocol.ts and
 * the policy config in packConfig.ts; this module runs them in order.
 */
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { PlannedResource } from "../plan/recorder";
import { analyzeRequest, analyzeStackRequest, call, configureRequest, packInfo, toViolation } from "./analyzerProtocol";
import { resolvePolicyConfig } from "./packConfig";
import { startPack } from "./packProcess";
import { PolicyRunOptions, PolicyViolation } from "./types";

/**
 * Runs the pack over the planned resources: `analyze` for each (its inputs), then `analyzeStack`
 * over all (their outputs). Returns every violation; the caller decides on exit codes.
 */
export async function runPolicyPack(
    resources: readonly PlannedResource[],
    options: PolicyRunOptions,
): Promise<PolicyViolation[]> {
    const { child, client } = await startPack(options);
    try {
        const info = await packInfo(client);
        const configure = configureRequest(resolvePolicyConfig(info, options));
        await call<proto.ConfigureAnalyzerRequest, Empty>(client.configure.bind(client), configure);

        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const perResource = await Promise.all(
            resources.map(async (r) => {
                const req = analyzeRequest(r, byUrn);
                const res = await call<proto.AnalyzeRequest, proto.AnalyzeResponse>(client.analyze.bind(client), req);
                // The engine attributes Analyze diagnostics to the analyzed resource.
                return res.getDiagnosticsList().map((d) => toViolation(d, r.urn));
            }),
        );

        const stackReq = analyzeStackRequest(resources, byUrn);
        const stackRes = await call<proto.AnalyzeStackRequest, proto.AnalyzeResponse>(
            client.analyzeStack.bind(client),
            stackReq,
        );
        const rootUrn = `urn:pulumi:${options.stack}::${options.project}::pulumi:pulumi:Stack::${options.project}-${options.stack}`;
        const stackViolations = stackRes
            .getDiagnosticsList()
            .map((d) => toViolation(d, d.getUrn() && byUrn.has(d.getUrn()) ? d.getUrn() : rootUrn));

        return [...perResource.flat(), ...stackViolations].filter((v): v is PolicyViolation => v !== undefined);
    } finally {
        client.close();
        child.kill();
    }
}

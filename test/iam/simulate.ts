/**
 * One request through @cloud-copilot/iam-simulate: the principal's identity policies plus the
 * resource policy the call meets. Shared by the call-manifest spec and the component IAM tests.
 */
import "./resourceTypeCache";
import {
    isConditionKeyArray,
    runSimulation,
    runUnsafeSimulation,
    typeForContextKey,
} from "@cloud-copilot/iam-simulate";
import { createValidatedPolicy } from "@cloud-copilot/iam-policy";
import * as assert from "assert";

/** What the evaluator answers. */
export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/** One simulated request. */
export interface SimulatedRequest {
    /** Role ARN, or a service principal such as `logs.us-east-1.amazonaws.com`. */
    readonly principal: string;
    readonly action: string;
    readonly resource: string;
    /** Account that owns the resource. */
    readonly resourceAccount: string;
    /** Identity policies of the principal (none for a service principal). */
    readonly identityPolicies: readonly unknown[];
    /** The resource policy the call meets (bucket, key or repository policy, trust policy). */
    readonly resourcePolicy?: unknown;
    readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** A decision and the context keys the simulator did not consider. */
export interface SimulationOutcome {
    readonly decision: Decision;
    /**
     * What the identity policies alone decide (all resource patterns Allowed → Allowed); absent on the
     * workaround.
     */
    readonly identityDecision?: string;
    /** Keys given that the simulator's IAM data does not list for the action (after the workaround below). */
    readonly ignoredContextKeys: readonly string[];
}

/**
 * Keys whose variable part follows a colon. The IAM data lists `kms:EncryptionContext:${EncryptionContextKey}`,
 * but iam-simulate matches variable keys only after a slash (`aws:PrincipalTag/…`: listHasVariableKeyMatch in
 * dist/cjs/simulation_engine/simulationEngine.js), so it drops `kms:EncryptionContext:aws:logs:arn` from the
 * request and every statement conditioned on it stops matching.
 */
const COLON_VARIABLE_KEY = /^kms:EncryptionContext:.+$/i;

function globalKeys(principal: string): Record<string, string> {
    // AWS sets these global keys on every request an IAM principal signs; the simulator needs them given.
    return principal.startsWith("arn:")
        ? { "aws:PrincipalAccount": principal.split(":")[4], "aws:PrincipalArn": principal }
        : {};
}

/** The evaluator's decision and the keys it ignored; fails the test when the request itself is invalid. */
export async function simulateRequest(request: SimulatedRequest): Promise<SimulationOutcome> {
    const contextVariables: Record<string, string | string[]> = {
        ...globalKeys(request.principal),
        ...Object.fromEntries(
            Object.entries(request.context ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : [...v]]),
        ),
    };
    const simulation = {
        request: {
            principal: request.principal,
            action: request.action,
            resource: { resource: request.resource, accountId: request.resourceAccount },
            contextVariables,
        },
        identityPolicies: request.identityPolicies.map((policy, i) => ({ name: `identity-${i}`, policy })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(request.resourcePolicy !== undefined ? { resourcePolicy: request.resourcePolicy } : {}),
    };
    const result = await runSimulation(simulation, {});
    if (result.resultType === "error")
        assert.fail(
            `simulation of ${request.action} on ${request.resource} is invalid: ${JSON.stringify(result.errors)}`,
        );
    const results = result.resultType === "single" ? [result.result] : result.results;
    const ignored = [...new Set(results.flatMap((r) => r.ignoredContextKeys ?? []))];
    const identity = results.map((r) => r.analysis.identityAnalysis?.result);
    const identityDecision =
        identity.length > 0 && identity.every((r) => r === "Allowed")
            ? "Allowed"
            : identity.find((r) => r !== "Allowed");
    const colonKeys = ignored.filter((k) => COLON_VARIABLE_KEY.test(k));
    if (colonKeys.length === 0)
        return { decision: result.overallResult as Decision, identityDecision, ignoredContextKeys: ignored };
    // Workaround: evaluate once more without the simulator's key filter, giving only the keys it accepted plus the
    // colon-variable keys (typed as it types them), so the request carries exactly what AWS would send.
    const accepted: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(contextVariables)) {
        if (ignored.includes(key) && !colonKeys.includes(key)) continue;
        const isArray = !colonKeys.includes(key) && isConditionKeyArray(await typeForContextKey(key));
        accepted[key] = isArray ? [value].flat() : [value].flat()[0];
    }
    // runUnsafeSimulation loads the resource policy without a name, which its analysis reads: name it here
    // (the validated run above already checked the policy, hence the empty validation).
    const resourcePolicy =
        request.resourcePolicy === undefined
            ? undefined
            : createValidatedPolicy(request.resourcePolicy, () => [], { name: "resource-policy" });
    const decision = runUnsafeSimulation(
        { ...simulation, resourcePolicy, request: { ...simulation.request, contextVariables: accepted } },
        {},
    ) as Decision;
    return { decision, ignoredContextKeys: ignored.filter((k) => !colonKeys.includes(k)) };
}

/** The evaluator's decision; fails the test when the request itself is invalid. */
export async function simulate(request: SimulatedRequest): Promise<Decision> {
    return (await simulateRequest(request)).decision;
}

/**
 * One request through @cloud-copilot/iam-simulate: the principal's identity policies plus the
 * resource policy the call meets. Shared by the call-manifest spec and the component IAM tests.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
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

/** The evaluator's decision; fails the test when the request itself is invalid. */
export async function simulate(request: SimulatedRequest): Promise<Decision> {
    const isArn = request.principal.startsWith("arn:");
    const principalAccount = isArn ? request.principal.split(":")[4] : undefined;
    const result = await runSimulation(
        {
            request: {
                principal: request.principal,
                action: request.action,
                resource: { resource: request.resource, accountId: request.resourceAccount },
                // AWS sets these global keys on every request an IAM principal signs; the simulator needs them given.
                contextVariables: {
                    ...(isArn
                        ? { "aws:PrincipalAccount": principalAccount!, "aws:PrincipalArn": request.principal }
                        : {}),
                    ...Object.fromEntries(
                        Object.entries(request.context ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : [...v]]),
                    ),
                },
            },
            identityPolicies: request.identityPolicies.map((policy, i) => ({ name: `identity-${i}`, policy })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            ...(request.resourcePolicy !== undefined ? { resourcePolicy: request.resourcePolicy } : {}),
        },
        {},
    );
    if (result.resultType === "error")
        assert.fail(
            `simulation of ${request.action} on ${request.resource} is invalid: ${JSON.stringify(result.errors)}`,
        );
    return result.overallResult as Decision;
}

/**
 * Runs the CrossGuard policy pack over planned resources. (Placeholder until the pack lands:
 * reports no violations.)
 */
import { PlannedResource } from "./recorder";

/** One policy violation, as the Pulumi engine reports it. */
export interface PolicyViolation {
    readonly policy: string;
    readonly enforcementLevel: "mandatory" | "advisory";
    readonly urn: string;
    readonly message: string;
}

/** What the pack needs to know about the stack. */
export interface PolicyRunOptions {
    readonly project: string;
    readonly stack: string;
    readonly environment: "dev" | "staging" | "prod";
    readonly requiredTags?: Record<string, string>;
    readonly policyConfig?: Record<string, unknown>;
}

export async function runPolicyPack(resources: readonly PlannedResource[], options: PolicyRunOptions): Promise<PolicyViolation[]> {
    void resources;
    void options;
    return [];
}

/**
 * Rule metadata of the mlops-platform policy pack: where each rule comes from (RULES.md, generated from it, and
 * the public rule IDs) and the shape every policy of the pack has.
 */
import { EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

/** A rule as written in the pack's RULES.md: its text and the public rule IDs that establish it. */
export interface RuleSource {
    /** The rule in one sentence (RULES.md wording). */
    readonly rule: string;
    /** Service section of RULES.md (`S3`, `IAM`, ...). */
    readonly service: string;
    /** Source IDs: checkov `CKV_…`, Security Hub `S3.8`, trivy `AVD-AWS-…`, cdk-nag `AwsSolutions-…`, or `ML`. */
    readonly sources: readonly string[];
}

/** Framework metadata attached to every policy: where the rule comes from. */
export function framework(source: RuleSource) {
    return {
        framework: {
            name: "mlops-platform",
            version: "1.0",
            reference: `RULES.md § ${source.service}`,
            specification: source.rule,
        },
        tags: [source.service.toLowerCase(), ...source.sources],
    };
}

/** A policy of this pack: a CrossGuard policy that always carries remediation steps and sources. */
export type MlopsPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
    readonly enforcementLevel: EnforcementLevel;
    readonly remediationSteps: string;
    readonly tags: string[];
};

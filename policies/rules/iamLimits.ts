/**
 * IAM quota on the final policy documents: the inline policies of one role may not exceed 10,240
 * characters in total and a managed policy 6,144, white space not counted. Documents grow with the
 * number of feature views, buckets and variants, so the check runs on what the plan produced.
 * Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html ("Role
 * policy size cannot exceed 10,240 characters"; "IAM does not count white space") and
 * https://repost.aws/knowledge-center/iam-increase-policy-size ("The maximum character size limit
 * for managed policies is 6,144").
 */
import { PolicyResource } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { known } from "../lib/resources";

/** Aggregate inline policy size per role. */
export const ROLE_INLINE_POLICY_LIMIT = 10_240;
/** Size of one customer managed policy. */
export const MANAGED_POLICY_LIMIT = 6_144;

/** Characters IAM counts: the document without white space. */
export function iamPolicySize(document: unknown): number {
    const text = typeof document === "string" ? document : JSON.stringify(document ?? "");
    return text.replace(/\s+/g, "").length;
}

function policyText(r: PolicyResource, key: string): unknown {
    return known(() => r.props[key]);
}

/** Inline policies per role and managed policies stay within IAM's size quotas. */
export const iamPolicySizeQuota: MlopsPolicy = {
    name: "iam-policy-size-quota",
    description:
        `The inline policies of a role total at most ${ROLE_INLINE_POLICY_LIMIT} characters and a managed ` +
        `policy at most ${MANAGED_POLICY_LIMIT} (white space not counted), so IAM accepts them.`,
    enforcementLevel: "mandatory",
    remediationSteps:
        "Split the grants into customer managed policies attached to the role (up to 10 by default), or " +
        "merge statements over the same actions.",
    ...framework({ service: "IAM", rule: "policy documents within IAM's size quotas", sources: ["ML"] }),
    validateStack: (args, report) => {
        const perRole = new Map<string, { size: number; urn: string }>();
        const add = (role: string, size: number, urn: string) => {
            const entry = perRole.get(role) ?? { size: 0, urn };
            entry.size += size;
            perRole.set(role, entry);
        };
        for (const r of args.resources) {
            if (r.type === "aws:iam/rolePolicy:RolePolicy") {
                const role = policyText(r, "role");
                const doc = policyText(r, "policy");
                if (typeof role === "string" && doc !== undefined) add(role, iamPolicySize(doc), r.urn);
            } else if (r.type === "aws:iam/role:Role") {
                const name = policyText(r, "name");
                const inline = policyText(r, "inlinePolicies");
                if (typeof name === "string" && Array.isArray(inline))
                    for (const p of inline as { policy?: unknown }[])
                        if (p.policy !== undefined) add(name, iamPolicySize(p.policy), r.urn);
            } else if (r.type === "aws:iam/policy:Policy") {
                const size = iamPolicySize(policyText(r, "policy"));
                if (size > MANAGED_POLICY_LIMIT)
                    report(
                        `managed policy "${r.name}" is ${size} characters; IAM allows ` +
                            `${MANAGED_POLICY_LIMIT}. Split it.`,
                        r.urn,
                    );
            }
        }
        for (const [role, { size, urn }] of perRole)
            if (size > ROLE_INLINE_POLICY_LIMIT)
                report(
                    `role ${role} has ${size} characters of inline policy; IAM allows ` +
                        `${ROLE_INLINE_POLICY_LIMIT} per role. Move grants to customer managed policies.`,
                    urn,
                );
    },
};

/** All IAM limit policies. */
export const iamLimitPolicies: MlopsPolicy[] = [iamPolicySizeQuota];

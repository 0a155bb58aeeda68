/**
 * KMS rules: the stack's customer-managed key.
 */
import { aws } from "../lib/awsResources";
import { validateResourceOfType } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { str } from "../lib/resources";
import { parsePolicyDocument, statementLabel, wildcardPrincipal } from "../lib/iamDocuments";

/** Automatic key rotation (symmetric keys; AWS does not rotate asymmetric or HMAC keys). */
export const kmsKeyRotation: MlopsPolicy = {
    name: "kms-key-rotation",
    description: "Symmetric KMS keys have automatic rotation enabled.",
    enforcementLevel: "mandatory",
    remediationSteps: "Set enableKeyRotation: true on the key.",
    ...framework({
        service: "KMS",
        rule: "key rotation enabled",
        sources: ["CKV_AWS_7", "KMS.4", "AwsSolutions-KMS5"],
    }),
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, report) => {
        const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec === "SYMMETRIC_DEFAULT" && key.enableKeyRotation !== true)
            report(`KMS key "${args.name}" does not rotate; set enableKeyRotation to true.`);
    }),
};

/** The key policy never allows everyone. */
export const kmsKeyPolicyNoWildcardPrincipal: MlopsPolicy = {
    name: "kms-key-policy-no-wildcard-principal",
    description: 'KMS key policies do not allow Principal "*".',
    enforcementLevel: "mandatory",
    remediationSteps: 'Grant the account root and the stack\'s roles or service principals by name instead of "*".',
    ...framework({ service: "KMS", rule: "key policy has no wildcard principal", sources: ["CKV_AWS_33", "KMS.5"] }),
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, report) => {
        (parsePolicyDocument(key.policy) ?? []).forEach((s, i) => {
            if (s.effect === "Allow" && wildcardPrincipal(s))
                report(
                    `KMS key "${args.name}" policy ${statementLabel(s, i)} allows Principal "*"; name the principals.`,
                );
        });
    }),
};

/** A deletion window long enough to notice a mistake, and a description saying what the key protects. */
export const kmsKeyDeletionWindow: MlopsPolicy = {
    name: "kms-key-deletion-window",
    description: "KMS keys have a deletion window of at least 14 days and a description.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set deletionWindowInDays between 14 and 30 and a description naming the stack and what the key encrypts.",
    ...framework({ service: "KMS", rule: "deletion window ≥ 14 days; description set", sources: ["KMS.3"] }),
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, report) => {
        const window = key.deletionWindowInDays ?? 30; // AWS's default
        if (window < 14)
            report(
                `KMS key "${args.name}" has a ${window}-day deletion window; set deletionWindowInDays to at least 14.`,
            );
        if (str(key.description) === undefined)
            report(`KMS key "${args.name}" has no description; say what it encrypts.`);
    }),
};

/** All KMS policies. */
export const kmsPolicies: MlopsPolicy[] = [kmsKeyRotation, kmsKeyPolicyNoWildcardPrincipal, kmsKeyDeletionWindow];

/**
 * ECR rules: the repository holding the serving image.
 */
import { aws } from "../lib/awsResources";
import { validateResourceOfType } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { UNKNOWN_VALUE, isObject, objects, peek, present, siblings } from "../lib/resources";
import { parsePolicyDocument, statementLabel, wildcardPrincipal } from "../lib/iamDocuments";

const REPOSITORY = "aws:ecr/repository:Repository";
const LIFECYCLE_POLICY = "aws:ecr/lifecyclePolicy:LifecyclePolicy";

/** Scan on push. */
export const ecrScanOnPush: MlopsPolicy = {
    name: "ecr-scan-on-push",
    description: "ECR repositories scan images on push.",
    enforcementLevel: "mandatory",
    remediationSteps: "Set imageScanningConfiguration { scanOnPush: true } on the repository.",
    ...framework({ service: "ECR", rule: "scan on push", sources: ["CKV_AWS_163", "ECR.1"] }),
    validateResource: validateResourceOfType(aws.ecr.Repository, (repo, args, report) => {
        if (repo.imageScanningConfiguration?.scanOnPush !== true)
            report(
                `repository "${args.name}" does not scan on push; set imageScanningConfiguration.scanOnPush to true.`,
            );
    }),
};

/** Immutable tags: a deployed tag can never point at a different image. */
export const ecrImmutableTags: MlopsPolicy = {
    name: "ecr-immutable-tags",
    description: "ECR repositories have immutable image tags.",
    enforcementLevel: "mandatory",
    remediationSteps: 'Set imageTagMutability: "IMMUTABLE" on the repository.',
    ...framework({ service: "ECR", rule: "immutable tags", sources: ["CKV_AWS_51", "ECR.2"] }),
    validateResource: validateResourceOfType(aws.ecr.Repository, (repo, args, report) => {
        const mutability = repo.imageTagMutability ?? "MUTABLE"; // AWS's default
        if (!String(mutability).startsWith("IMMUTABLE"))
            report(`repository "${args.name}" has ${mutability} tags; set imageTagMutability to "IMMUTABLE".`);
    }),
};

/** KMS encryption with a customer-managed key. */
export const ecrKmsEncryption: MlopsPolicy = {
    name: "ecr-kms-encryption",
    description: "ECR repositories are encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Set encryptionConfigurations [{ encryptionType: "KMS", kmsKey: <stack key ARN> }] on the repository.',
    ...framework({ service: "ECR", rule: "KMS encryption with customer key", sources: ["CKV_AWS_136", "ECR.5"] }),
    validateResource: validateResourceOfType(aws.ecr.Repository, (repo, args, report) => {
        const config = objects(repo.encryptionConfigurations)[0];
        if (config === undefined || config.encryptionType !== "KMS")
            report(
                `repository "${args.name}" uses AES256 encryption; set encryptionConfigurations to ` +
                    `encryptionType "KMS" with the stack's kmsKey.`,
            );
        else if (!present(() => config.kmsKey))
            report(
                `repository "${args.name}" uses the AWS-managed aws/ecr key; set ` +
                    `encryptionConfigurations[0].kmsKey to the stack's key.`,
            );
    }),
};

/** The `rules` of a lifecycle policy given as JSON text or an object. */
function lifecycleRules(policy: unknown): unknown {
    try {
        const doc: unknown = typeof policy === "string" ? JSON.parse(policy) : policy;
        return isObject(doc) ? doc.rules : undefined;
    } catch {
        return undefined;
    }
}

/** A lifecycle policy keeps the repository from growing without bound. */
export const ecrLifecyclePolicy: MlopsPolicy = {
    name: "ecr-lifecycle-policy",
    description: "ECR repositories have a lifecycle policy with at least one rule.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Add an aws.ecr.LifecyclePolicy for the repository (e.g. keep the last N tagged images, expire " +
        "untagged ones after a day).",
    ...framework({ service: "ECR", rule: "lifecycle policy present", sources: ["ECR.3"] }),
    validateStack: (args, report) => {
        for (const repo of args.resources.filter((r) => r.type === REPOSITORY)) {
            const policies = siblings(args.resources, repo, LIFECYCLE_POLICY, "repository");
            if (policies.length === 0) {
                report(`repository "${repo.name}" has no LifecyclePolicy; add one that expires old images.`, repo.urn);
                continue;
            }
            for (const p of policies) {
                const raw = peek(() => p.props.policy);
                if (raw === UNKNOWN_VALUE) continue; // computed during preview; checked on update
                if (objects(lifecycleRules(raw)).length === 0)
                    report(`repository "${repo.name}": LifecyclePolicy "${p.name}" has no rules.`, p.urn);
            }
        }
    },
};

/** The repository policy never allows everyone. */
export const ecrRepositoryPolicyNotPublic: MlopsPolicy = {
    name: "ecr-repository-policy-not-public",
    description: 'ECR repository policies do not allow Principal "*".',
    enforcementLevel: "mandatory",
    remediationSteps: 'Grant pull access to the serving roles by ARN instead of "*".',
    ...framework({
        service: "ECR",
        rule: "repository policy not public",
        sources: ["CKV_AWS_32", "AwsSolutions-ECR1"],
    }),
    validateResource: validateResourceOfType(aws.ecr.RepositoryPolicy, (policy, args, report) => {
        (parsePolicyDocument(policy.policy) ?? []).forEach((s, i) => {
            if (s.effect === "Allow" && wildcardPrincipal(s))
                report(
                    `repository policy "${args.name}" ${statementLabel(s, i)} allows Principal "*"; name ` +
                        `the roles that may pull.`,
                );
        });
    }),
};

/** All ECR policies. */
export const ecrPolicies: MlopsPolicy[] = [
    ecrScanOnPush,
    ecrImmutableTags,
    ecrKmsEncryption,
    ecrLifecyclePolicy,
    ecrRepositoryPolicyNotPublic,
];

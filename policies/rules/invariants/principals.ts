/**
 * Invariant: every principal of every resource policy and trust policy is this account, or an AWS
 * service constrained to this account by `aws:SourceAccount` / `aws:SourceArn` naming it.
 *
 * Why the service condition: a service principal alone admits the service acting for ANY account
 * (the cross-service confused deputy, https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html);
 * AWS documents `aws:SourceAccount` / `aws:SourceArn` as the guard.
 */
import { PolicyResource } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../../lib/metadata";
import { parsePolicyDocument, Statement, statementLabel } from "../../lib/iamDocuments";
import { known } from "../../lib/resources";
import { arnParts, stackIndex } from "../../lib/stackIndex";

/** Resource types whose `policy` (or, for roles, `assumeRolePolicy`) is a resource-based policy. */
export const RESOURCE_POLICY_PROPERTIES: Readonly<Record<string, string>> = {
    "aws:kms/key:Key": "policy",
    "aws:kms/keyPolicy:KeyPolicy": "policy",
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
    "aws:ecr/registryPolicy:RegistryPolicy": "policy",
    "aws:dynamodb/resourcePolicy:ResourcePolicy": "policy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:glue/resourcePolicy:ResourcePolicy": "policyInJson",
    "aws:iam/role:Role": "assumeRolePolicy",
};

/** Condition keys that pin the calling principal or the service's source to one account. */
const ACCOUNT_KEYS = ["aws:sourceaccount", "aws:principalaccount", "kms:calleraccount", "aws:resourceaccount"];
/**
 * Condition keys holding the ARN of the resource a service acts for. CloudWatch Logs' documented key-policy
 * statement confines itself with `kms:EncryptionContext:aws:logs:arn` (ArnLike arn:aws:logs:<region>:<account>:*),
 * not aws:SourceAccount: docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html.
 */
const SOURCE_ARN_KEYS = ["aws:sourcearn", "kms:encryptioncontext:aws:logs:arn"];

function conditionValues(s: Statement, keys: readonly string[], operators: RegExp): string[] | undefined {
    let found: string[] | undefined;
    for (const [op, body] of Object.entries(s.conditions)) {
        if (!operators.test(op)) continue;
        for (const [key, values] of Object.entries(body))
            if (keys.includes(key.toLowerCase())) found = [...(found ?? []), ...values];
    }
    return found;
}

/** Whether the statement's conditions confine it to `account` (account keys, or source ARNs in it). */
export function confinedToAccount(s: Statement, account: string): boolean {
    const accounts = conditionValues(s, ACCOUNT_KEYS, /^StringEquals$|^StringLike$/);
    if (accounts !== undefined && accounts.length > 0 && accounts.every((a) => a === account)) return true;
    const sources = conditionValues(s, SOURCE_ARN_KEYS, /^Arn(Equals|Like)$|^String(Equals|Like)$/);
    return sources !== undefined && sources.length > 0 && sources.every((a) => arnParts(a)?.account === account);
}

/** Why a principal of an Allow statement is not this account's (undefined when it is). */
function foreignPrincipals(s: Statement, account: string): string[] {
    const out: string[] = [];
    const confined = confinedToAccount(s, account);
    for (const [kind, values] of Object.entries(s.principals)) {
        for (const value of values) {
            if (kind === "*" || value === "*") {
                if (!confined) out.push(`everyone ("*") without an aws:PrincipalAccount/aws:SourceAccount condition`);
            } else if (kind === "AWS") {
                const owner = /^\d{12}$/.test(value) ? value : arnParts(value)?.account;
                if (owner !== account) out.push(`${value} (account ${owner ?? "unknown"})`);
            } else if (kind === "Service") {
                if (!confined)
                    out.push(`${value} acting for any account (no aws:SourceAccount/aws:SourceArn naming ${account})`);
            } else if (kind === "Federated") {
                const owner = arnParts(value)?.account;
                if (owner !== account) out.push(`federated ${value}`);
            } else out.push(`${kind} ${value}`);
        }
    }
    return out;
}

/** The resource and trust policy documents of a stack resource, with the property they sit in. */
export function resourcePolicyOf(r: PolicyResource): { property: string; statements: Statement[] } | undefined {
    const property = RESOURCE_POLICY_PROPERTIES[r.type];
    if (property === undefined) return undefined;
    const statements = parsePolicyDocument(known(() => r.props[property]));
    return statements ? { property, statements } : undefined;
}

/** Every principal of every resource or trust policy is this account or a service confined to it. */
export const invariantPrincipalsThisAccount: MlopsPolicy = {
    name: "invariant-principals-this-account",
    description:
        "Every principal of every resource-based and trust policy is this account, or an AWS service " +
        "confined to this account by aws:SourceAccount / aws:SourceArn.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Name principals of this account only; for service principals add Condition { StringEquals: { " +
        "aws:SourceAccount: <this account> } } or an aws:SourceArn in this account.",
    ...framework({
        service: "Invariants",
        rule: "resource and trust policies admit only this account (services confined to it)",
        sources: ["ML", "CKV_AWS_60", "S3.6", "AwsSolutions-ECR1"],
    }),
    validateStack: (args, report) => {
        const { account } = stackIndex(args.resources);
        if (account === undefined) return;
        for (const r of args.resources) {
            const doc = resourcePolicyOf(r);
            if (!doc) continue;
            doc.statements.forEach((s, i) => {
                if (s.effect !== "Allow") return;
                for (const why of foreignPrincipals(s, account))
                    report(
                        `"${r.name}" ${doc.property} ${statementLabel(s, i)} admits ${why}; only account ` +
                            `${account} may be a principal.`,
                        r.urn,
                    );
            });
        }
    },
};

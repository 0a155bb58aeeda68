/**
 * Invariants on identity-based policies: every ARN they name is one of this stack's resources (or
 * one of the short list of AWS-required exceptions below), no AWS-managed policy is attached, no
 * `sts:AssumeRole` on any role, and no workload role holds a destructive action on a data store.
 */
import { PolicyResource } from "@pulumi/policy";
import { pinnedWebIdentityTrust } from "../../lib/webIdentity";
import { MlopsPolicy, framework } from "../../lib/metadata";
import { attachedPolicyArns, grants, identityPolicyDocuments, statementLabel, Statement } from "../../lib/iamDocuments";
import { known, list } from "../../lib/resources";
import { arnParts, StackIndex, stackIndex } from "../../lib/stackIndex";

/**
 * ARNs a workload must name although no stack resource has them. Each is required by the AWS
 * service that creates the resource on the stack's behalf:
 * - MWAA's Celery queue lives in an AWS-owned account, so its account is `*`
 *   (https://docs.aws.amazon.com/mwaa/latest/userguide/mwaa-create-role.html,
 * "arn:aws:sqs:{region}:*:airflow-celery-*");
 * - MWAA writes its own log groups `airflow-<environment>-*` (same page);
 * - SageMaker creates the endpoint's log group `/aws/sagemaker/Endpoints/<endpoint>`
 *   (https://docs.aws.amazon.com/sagemaker/latest/dg/logging-cloudwatch.html);
 * - SageMaker VPC mode creates network interfaces in this account
 *   (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createmodel-perms);
 * - SageMaker writes every processing job's logs to `/aws/sagemaker/ProcessingJobs`
 *   (https://docs.aws.amazon.com/sagemaker/latest/dg/logging-cloudwatch.html);
 * - the DAGs create processing jobs at run time, named after the MWAA environment (`<environment>-*`),
 *   so no job exists when the stack is planned;
 * - Model Monitor's prebuilt analyzer image lives in an AWS-owned account per region
 *   (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-pre-built-container.html);
 * - Glue resolves every catalog call against the account's catalog ARN
 *   (https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html).
 */
function requiredException(arn: string, index: StackIndex): boolean {
    const p = arnParts(arn);
    if (!p || p.region === "*") return false;
    const own = p.account === index.account;
    const env = [...index.mwaaEnvironments];
    if (p.service === "sqs" && p.account === "*") return p.rest === "airflow-celery-*";
    if (p.service === "ecr" && p.rest === "repository/sagemaker-model-monitor-analyzer") return true;
    if (!own) return false;
    if (p.service === "logs") {
        if (env.some((e) => p.rest === `log-group:airflow-${e}-*` || p.rest.startsWith(`log-group:airflow-${e}-`)))
            return !p.rest.slice(`log-group:airflow-`.length).replace(/\*$/, "").includes("*");
        if (
            p.rest === "log-group:/aws/sagemaker/ProcessingJobs" ||
            p.rest === "log-group:/aws/sagemaker/ProcessingJobs:*"
        )
            return true;
        return [...index.endpoints].some(
            (e) =>
                p.rest === `log-group:/aws/sagemaker/Endpoints/${e}` ||
                p.rest === `log-group:/aws/sagemaker/Endpoints/${e}:*`,
        );
    }
    if (p.service === "ec2") {
        if (p.rest === "network-interface/*") return true;
        const [kind, id] = p.rest.split("/");
        if (kind === "subnet") return index.privateSubnets.has(id) || index.publicSubnets.has(id);
        if (kind === "security-group") return index.securityGroups.has(id);
        return false;
    }
    if (p.service === "glue") return p.rest === "catalog";
    if (p.service === "sagemaker") return env.some((e) => p.rest === `processing-job/${e}-*`);
    return false;
}

/** Whether `arn` (possibly a pattern) can only match resources of this stack. */
export function withinStack(arn: string, index: StackIndex): boolean {
    if (requiredException(arn, index)) return true;
    const wildcard = arn.search(/[*?]/);
    const literal = wildcard < 0 ? arn : arn.slice(0, wildcard);
    for (const own of index.arns) {
        if (literal === own && wildcard < 0) return true;
        if (literal.length > own.length && literal.startsWith(own) && "/:".includes(literal[own.length])) return true;
        // A Glue database ARN covers its tables: arn:…:database/<db> → arn:…:table/<db>/…
        const db = /^(arn:[^:]+:glue:[^:]+:\d+:)database\/(.+)$/.exec(own);
        if (db && literal.startsWith(`${db[1]}table/${db[2]}/`)) return true;
    }
    return false;
}

const DESTRUCTIVE_ACTIONS = [
    "s3:DeleteBucket",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketPolicy",
    "s3:DeleteObjectVersion",
    "s3:PutLifecycleConfiguration",
    "s3:PutBucketVersioning",
    "dynamodb:DeleteTable",
    "dynamodb:DeleteBackup",
    "dynamodb:UpdateContinuousBackups",
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
    "kms:PutKeyPolicy",
    "glue:DeleteDatabase",
    "glue:DeleteTable",
    "redshift-serverless:DeleteNamespace",
    "redshift-serverless:DeleteWorkgroup",
    "ecr:DeleteRepository",
    "ecr:BatchDeleteImage",
    "logs:DeleteLogGroup",
];

function eachIdentityStatement(
    resources: readonly PolicyResource[],
    visit: (r: PolicyResource, s: Statement, at: string) => void,
): void {
    for (const r of resources) {
        for (const doc of identityPolicyDocuments(r.type, r.props as Record<string, unknown>, true))
            doc.statements.forEach((s, i) => {
                if (s.effect === "Allow") visit(r, s, `"${r.name}" ${doc.path} ${statementLabel(s, i)}`);
            });
    }
}

/** Every ARN of an identity policy belongs to a resource of this stack or to a documented exception. */
export const invariantIdentityArnsInStack: MlopsPolicy = {
    name: "invariant-identity-arns-in-stack",
    description:
        "Every ARN an identity policy names belongs to a resource of this stack or to a documented " +
        "AWS-required exception; no sts:AssumeRole on all roles; no destructive data-store actions.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Name the stack's resource ARNs (bucket ARN or bucket ARN + '/prefix/*', table ARN, key ARN) " +
        "instead of patterns such as arn:aws:s3:::* or arn:aws:kms:*:*:key/*; drop delete/disable actions " +
        "from workload roles.",
    ...framework({
        service: "Invariants",
        rule: "identity policies reach only this stack's resources",
        sources: ["ML", "CKV_AWS_355", "CKV_AWS_290", "AwsSolutions-IAM5"],
    }),
    validateStack: (args, report) => {
        const index = stackIndex(args.resources);
        if (index.account === undefined) return;
        eachIdentityStatement(args.resources, (r, s, at) => {
            // A deploy role trusted only by one repository environment (iam-web-identity-trust) creates and
            // destroys the stack: it names resources by the stack's name prefixes or tags (they do not exist
            // yet) and needs their delete actions. Its scoping is checked by the IAM rules for deploy roles.
            if (pinnedWebIdentityTrust((r.props as Record<string, unknown>).assumeRolePolicy)) return;
            const outside = s.resources.filter((a) => a !== "*" && !withinStack(a, index));
            if (outside.length > 0)
                report(
                    `${at} names ${list(outside)}, which no resource of this stack owns; name the stack's ARNs.`,
                    r.urn,
                );
            if (s.resources.includes("*") && grants(s, "sts:AssumeRole"))
                report(`${at} allows sts:AssumeRole on every role; name the stack's role ARNs.`, r.urn);
            const destructive = DESTRUCTIVE_ACTIONS.filter((a) => grants(s, a));
            if (destructive.length > 0)
                report(
                    `${at} allows ${list(destructive)} on a data store; workloads must not delete or unprotect data.`,
                    r.urn,
                );
        });
    },
};

/** No AWS-managed policy is attached anywhere: every grant is an inline or customer-managed policy of this stack. */
export const invariantNoAwsManagedPolicy: MlopsPolicy = {
    name: "invariant-no-aws-managed-policy",
    description: "No role, user or group has an AWS-managed policy (arn:<partition>:iam::aws:policy/…) attached.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Replace the AWS-managed policy with an inline or customer-managed policy scoped to this stack's " +
        "ARNs; AWS-managed policies change without notice and are not scoped to the stack.",
    ...framework({
        service: "Invariants",
        rule: "no AWS-managed policy attached",
        // It replaced iam-no-full-access-managed-policies (AdministratorAccess, *FullAccess), whose sources it keeps.
        sources: ["ML", "AwsSolutions-IAM4", "CKV_AWS_274", "CKV2_AWS_40", "CKV2_AWS_56"],
    }),
    validateStack: (args, report) => {
        for (const r of args.resources) {
            const attached = known(() => attachedPolicyArns(r.type, r.props as Record<string, unknown>)) ?? [];
            const arns = attached.filter((a) => /^arn:aws[a-z-]*:iam::aws:policy\//.test(a));
            for (const arn of arns)
                report(`"${r.name}" attaches the AWS-managed policy ${arn}; use a scoped policy.`, r.urn);
        }
    },
};

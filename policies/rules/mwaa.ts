/**
 * MWAA (managed Airflow) rules: logging, webserver exposure, encryption, the execution role and
 * reproducible requirements.
 */
import { aws } from "../lib/awsResources";
import { PolicyResource, validateResourceOfType } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { ENVIRONMENT_CONFIG, environmentOf } from "../lib/environment";
import { known, list, present, siblings } from "../lib/resources";
import {
    attachedPolicyArns,
    identityPolicyDocuments,
    isFullAccessManagedPolicy,
    statementLabel,
} from "../lib/iamDocuments";

const ENVIRONMENT = "aws:mwaa/environment:Environment";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ATTACHMENT_TYPES = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
];

const LOG_KINDS = ["dagProcessingLogs", "schedulerLogs", "taskLogs", "webserverLogs", "workerLogs"] as const;

/** Every Airflow log stream goes to CloudWatch. */
export const mwaaLogging: MlopsPolicy = {
    name: "mwaa-logging",
    description: "MWAA environments send scheduler, worker, webserver, DAG-processing and task logs to CloudWatch.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set loggingConfiguration { dagProcessingLogs, schedulerLogs, taskLogs, webserverLogs, workerLogs " +
        "} each with enabled: true and a logLevel.",
    ...framework({
        service: "MWAA",
        rule: "scheduler, worker, webserver, DAG-processing and task logs enabled",
        sources: ["CKV_AWS_242", "CKV_AWS_243", "CKV_AWS_244"],
    }),
    validateResource: validateResourceOfType(aws.mwaa.Environment, (env, args, report) => {
        const logging = (env.loggingConfiguration ?? {}) as Record<string, { enabled?: boolean } | undefined>;
        const off = LOG_KINDS.filter((k) => logging[k]?.enabled !== true);
        if (off.length > 0)
            report(
                `MWAA environment "${args.name}" does not enable ${list(off)}; set ` +
                    `loggingConfiguration.<kind>.enabled to true.`,
            );
    }),
};

/** Prod: the Airflow UI is reachable only from inside the VPC. */
export const mwaaPrivateWebserverInProd: MlopsPolicy = {
    name: "mwaa-private-webserver-in-prod",
    description: "In prod, the MWAA webserver is private (webserverAccessMode PRIVATE_ONLY).",
    enforcementLevel: "mandatory",
    remediationSteps: "Set orchestration.webserverAccessMode: PRIVATE_ONLY in the prod stack config.",
    configSchema: ENVIRONMENT_CONFIG,
    ...framework({ service: "MWAA", rule: "webserver access PRIVATE_ONLY in prod", sources: ["CKV2_AWS_66"] }),
    validateResource: validateResourceOfType(aws.mwaa.Environment, (env, args, report) => {
        const mode = env.webserverAccessMode ?? "PRIVATE_ONLY"; // AWS's default
        if (mode !== "PRIVATE_ONLY" && environmentOf(args) === "prod")
            report(`MWAA environment "${args.name}" has webserverAccessMode ${mode} in prod; set it to PRIVATE_ONLY.`);
    }),
};

/** Customer-managed KMS key. */
export const mwaaKms: MlopsPolicy = {
    name: "mwaa-kms",
    description: "MWAA environments encrypt with a customer-managed KMS key.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set kmsKey on the environment to the stack's key ARN (and allow the airflow service in the key policy).",
    ...framework({ service: "MWAA", rule: "customer-managed KMS key", sources: [] }),
    validateResource: validateResourceOfType(aws.mwaa.Environment, (env, args, report) => {
        if (!present(() => env.kmsKey))
            report(`MWAA environment "${args.name}" uses an AWS-owned key; set kmsKey to the stack's key.`);
    }),
};

function isFullServiceWildcard(action: string): boolean {
    return action === "*" || /^[a-z0-9-]+:\*$/i.test(action);
}

/** The role an environment's `executionRoleArn` points at. */
function executionRole(env: PolicyResource, roles: PolicyResource[]): PolicyResource | undefined {
    const deps = env.propertyDependencies.executionRoleArn ?? [];
    const byDep = roles.find((r) => deps.some((d) => d.urn === r.urn));
    if (byDep !== undefined) return byDep;
    const arn = known(() => env.props.executionRoleArn);
    return roles.find((r) => known(() => r.props.arn) === arn);
}

/** The execution role has no AWS-managed *FullAccess policy and no full-service wildcard action. */
export const mwaaExecutionRoleLeastPrivilege: MlopsPolicy = {
    name: "mwaa-execution-role-least-privilege",
    description:
        'The MWAA execution role has no AWS-managed *FullAccess policy and no wildcard ("*" or "service:*") action.',
    enforcementLevel: "mandatory",
    remediationSteps:
        "Grant the execution role only the actions the DAGs use (S3 on the DAG/data buckets, SQS " +
        "airflow-celery-*, logs on airflow-* groups, KMS on the stack key), scoped to this stack's ARNs.",
    ...framework({
        service: "MWAA",
        rule: "execution role has no AWS-managed *FullAccess policy and no wildcard action",
        sources: ["ML"],
    }),
    validateStack: (args, report) => {
        const roles = args.resources.filter((r) => r.type === ROLE);
        for (const env of args.resources.filter((r) => r.type === ENVIRONMENT)) {
            const role = executionRole(env, roles);
            if (role === undefined) continue; // a role from outside the stack: nothing to inspect
            const holders = [role, ...siblings(args.resources, role, ROLE_POLICY, "role")];
            for (const holder of holders) {
                for (const doc of identityPolicyDocuments(holder.type, holder.props, true)) {
                    doc.statements.forEach((s, i) => {
                        const wild =
                            s.effect === "Allow"
                                ? s.notActions.length > 0
                                    ? ["NotAction"]
                                    : s.actions.filter(isFullServiceWildcard)
                                : [];
                        if (wild.length > 0)
                            report(
                                `MWAA execution role "${role.name}": ` +
                                    `${holder === role ? "" : `RolePolicy "${holder.name}" `}${doc.path} ` +
                                    `${statementLabel(s, i)} allows ${list(wild.map((w) => `"${w}"`))}; list ` +
                                    `the actions the DAGs need.`,
                                holder.urn,
                            );
                    });
                }
            }
            const attachments = [role, ...ATTACHMENT_TYPES.flatMap((t) => siblings(args.resources, role, t, "role"))];
            for (const a of attachments) {
                for (const arn of attachedPolicyArns(a.type, a.props).filter(isFullAccessManagedPolicy)) {
                    report(
                        `MWAA execution role "${role.name}" has the AWS-managed policy ${arn}; replace it ` +
                            `with a scoped inline policy.`,
                        a.urn,
                    );
                }
            }
        }
    },
};

const PINNED = [
    ["requirementsS3Path", "requirementsS3ObjectVersion"],
    ["pluginsS3Path", "pluginsS3ObjectVersion"],
    ["startupScriptS3Path", "startupScriptS3ObjectVersion"],
] as const;

/** requirements.txt / plugins / startup script pinned by S3 object version. */
export const mwaaPinnedVersions: MlopsPolicy = {
    name: "mwaa-pinned-object-versions",
    description: "MWAA requirements, plugins and startup script are pinned by S3 object version.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set requirementsS3ObjectVersion (and pluginsS3ObjectVersion/startupScriptS3ObjectVersion) to the " +
        "uploaded BucketObjectv2's versionId.",
    ...framework({ service: "MWAA", rule: "requirements/plugins pinned by S3 object version", sources: ["ML"] }),
    validateResource: validateResourceOfType(aws.mwaa.Environment, (env, args, report) => {
        const props = env as unknown as Record<string, unknown>;
        for (const [path, version] of PINNED) {
            if (present(() => props[path]) && !present(() => props[version])) {
                report(
                    `MWAA environment "${args.name}" sets ${path} without ${version}; pin the object ` +
                        `version so updates are reproducible.`,
                );
            }
        }
    }),
};

/** All MWAA policies. */
export const mwaaPolicies: MlopsPolicy[] = [
    mwaaLogging,
    mwaaPrivateWebserverInProd,
    mwaaKms,
    mwaaExecutionRoleLeastPrivilege,
    mwaaPinnedVersions,
];

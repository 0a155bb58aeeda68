/**
 * IAM rules. Identity policies arrive as JSON strings (inline `RolePolicy`, `Policy`, a role's
 * `inlinePolicies`), trust policies as the role's `assumeRolePolicy`; all are parsed by
 * {@link parsePolicyDocument}, which accepts Action/Resource as a string or a list, NotAction,
 * NotResource and Conditions.
 */
import { aws } from "../lib/awsResources";
import { ReportViolation, ResourceValidation, validateResourceOfType } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { known, list } from "../lib/resources";
import {
    IDENTITY_POLICY_TYPES,
    PolicyDocumentRef,
    Statement,
    allResources,
    conditionKeys,
    globMatch,
    grants,
    grantsAllActions,
    identityPolicyDocuments,
    parsePolicyDocument,
    statementLabel,
    wildcardPrincipal,
} from "../lib/iamDocuments";
import {
    iamPrefixScoped,
    pinnedSubject,
    pinnedWebIdentityTrust,
    subjectValues,
    webIdentityStatements,
} from "../lib/webIdentity";

const KIND: Record<string, string> = {
    "aws:iam/policy:Policy": "IAM policy",
    "aws:iam/rolePolicy:RolePolicy": "role policy",
    "aws:iam/userPolicy:UserPolicy": "user policy",
    "aws:iam/groupPolicy:GroupPolicy": "group policy",
    "aws:iam/role:Role": "role",
};

/**
 * A resource validation that runs `check` on every statement of every identity policy document
 * the resource carries (any of {@link IDENTITY_POLICY_TYPES}).
 */
function eachIdentityStatement(
    check: (s: Statement, where: string, report: ReportViolation, roleProps?: Record<string, unknown>) => void,
): ResourceValidation {
    return (args, report) => {
        if (!(IDENTITY_POLICY_TYPES as readonly string[]).includes(args.type)) return;
        const roleProps = args.type === "aws:iam/role:Role" ? args.props : undefined;
        for (const doc of identityPolicyDocuments(args.type, args.props)) {
            doc.statements.forEach((s, i) => check(s, where(KIND[args.type], args.name, doc, s, i), report, roleProps));
        }
    };
}

function where(kind: string, name: string, doc: PolicyDocumentRef, s: Statement, i: number): string {
    return `${kind} "${name}" ${doc.path} ${statementLabel(s, i)}`;
}

/** No statement grants every action (`*`, `*:*`, or Allow + NotAction). */
export const iamNoWildcardAction: MlopsPolicy = {
    name: "iam-no-wildcard-action",
    description: 'No IAM policy statement allows all actions ("*", "*:*" or Allow with NotAction).',
    enforcementLevel: "mandatory",
    remediationSteps:
        "List the actions the workflow step needs (see DESIGN.md: every grant exists because a step needs it).",
    ...framework({
        service: "IAM",
        rule: 'no *:* / Action: "*" statements',
        sources: ["CKV_AWS_1", "CKV_AWS_62", "CKV_AWS_49", "CKV_AWS_63", "IAM.1", "IAM.21"],
    }),
    validateResource: eachIdentityStatement((s, at, report) => {
        const wild = grantsAllActions(s);
        if (wild !== undefined)
            report(
                `${at} allows ${wild.startsWith("NotAction") ? wild : `Action "${wild}"`}; list the actions needed.`,
            );
    }),
};

/** Actions that do not support resource-level permissions, so `Resource: "*"` is the only option. */
export const UNSCOPABLE_ACTIONS = [
    // No resource type (Service Authorization Reference, list_awskeymanagementservice.html).
    "kms:CreateKey",
    "ecr:GetAuthorizationToken",
    "cloudwatch:PutMetricData",
    "cloudwatch:GetMetricData",
    "cloudwatch:GetMetricStatistics",
    "cloudwatch:ListMetrics",
    "logs:DescribeLogGroups",
    "sts:GetCallerIdentity",
    "s3:ListAllMyBuckets",
    "s3:GetAccountPublicAccessBlock",
    "kms:ListKeys",
    "kms:ListAliases",
    "ec2:Describe*",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:CreateNetworkInterfacePermission",
    "ec2:DeleteNetworkInterfacePermission",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
    "redshift-data:DescribeStatement",
    "redshift-data:GetStatementResult",
    "redshift-data:CancelStatement",
    "redshift-data:ListStatements",
    "redshift-serverless:ListNamespaces",
    "redshift-serverless:ListWorkgroups",
    "dynamodb:ListTables",
    "airflow:ListEnvironments",
    "secretsmanager:ListSecrets",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
];

function unscopable(action: string): boolean {
    return UNSCOPABLE_ACTIONS.some((p) => globMatch(p, action));
}

/** `Resource: "*"` only for actions that cannot be scoped. */
export const iamNoWildcardResource: MlopsPolicy = {
    name: "iam-no-wildcard-resource",
    description: 'IAM statements do not use Resource "*" for actions that support resource-level permissions.',
    enforcementLevel: "mandatory",
    remediationSteps:
        'Scope the statement to the ARNs of this stack\'s buckets, tables, keys, etc.; keep "*" only for ' +
        "actions without resource-level permissions (e.g. ecr:GetAuthorizationToken).",
    ...framework({
        service: "IAM",
        rule: 'no Resource: "*" on actions that support resource scoping',
        sources: ["CKV_AWS_355", "CKV_AWS_356"],
    }),
    validateResource: eachIdentityStatement((s, at, report) => {
        if (s.effect !== "Allow" || !allResources(s)) return;
        const scopable = s.notActions.length > 0 ? ["NotAction"] : s.actions.filter((a) => !unscopable(a));
        if (scopable.length > 0)
            report(`${at} allows ${list(scopable)} on Resource "*"; scope it to this stack's ARNs.`);
    }),
};

/** Permissions-management and privilege-escalation actions (on any resource). */
export const ESCALATION_ACTIONS = [
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:CreateRole",
    "iam:CreateUser",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:PutGroupPolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
    "glue:CreateDevEndpoint",
    "glue:UpdateDevEndpoint",
    "lambda:UpdateFunctionCode",
    "cloudformation:CreateStack",
];

/** Credentials-exposure actions: flagged on `Resource: "*"`. */
export const CREDENTIAL_ACTIONS = [
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UpdateAccessKey",
    "ec2:GetPasswordData",
    "redshift:GetClusterCredentials",
    "redshift:GetClusterCredentialsWithIAM",
    "redshift-serverless:GetCredentials",
    "rds-db:Connect",
    "secretsmanager:GetSecretValue",
    "sts:AssumeRole",
    "sts:GetFederationToken",
    "sts:GetSessionToken",
    "sso:GetRoleCredentials",
    "cognito-identity:GetCredentialsForIdentity",
];

function summarize(actions: string[]): string {
    return actions.length <= 3 ? list(actions) : `${actions.slice(0, 3).join(", ")} and ${actions.length - 3} more`;
}

/** No privilege-escalation, permissions-management or credentials-exposure actions. */
export const iamNoPrivilegeEscalation: MlopsPolicy = {
    name: "iam-no-privilege-escalation",
    description:
        "IAM policies grant no privilege-escalation or permissions-management actions, and no " +
        'credentials-exposure actions on Resource "*".',
    enforcementLevel: "mandatory",
    remediationSteps:
        "Remove IAM write actions (roles and policies are managed by Pulumi, not by workloads); scope " +
        "credential actions (sts:AssumeRole, secretsmanager:GetSecretValue, " +
        "redshift:GetClusterCredentials) to specific ARNs.",
    ...framework({
        service: "IAM",
        rule: "no privilege-escalation / credentials-exposure / permissions-management actions",
        sources: [
            "CKV_AWS_107",
            "CKV_AWS_108",
            "CKV_AWS_109",
            "CKV_AWS_110",
            "CKV_AWS_111",
            "CKV_AWS_286",
            "CKV_AWS_287",
            "CKV_AWS_288",
            "CKV_AWS_289",
            "CKV_AWS_290",
        ],
    }),
    validateResource: eachIdentityStatement((s, at, report, props) => {
        if (s.effect !== "Allow") return;
        // A deploy role trusted only by one repository environment may manage the stack's own roles.
        const deployRole = props !== undefined && pinnedWebIdentityTrust(props.assumeRolePolicy) && iamPrefixScoped(s);
        const escalation = deployRole ? [] : ESCALATION_ACTIONS.filter((a) => grants(s, a));
        if (escalation.length > 0)
            report(`${at} allows privilege-escalation actions ${summarize(escalation)}; remove them.`);
        const credentials = allResources(s) ? CREDENTIAL_ACTIONS.filter((a) => grants(s, a)) : [];
        if (credentials.length > 0)
            report(
                `${at} allows credentials-exposure actions ${summarize(credentials)} on Resource "*"; ` +
                    `scope them to specific ARNs.`,
            );
    }),
};

const DECRYPT_ACTIONS = ["kms:Decrypt", "kms:ReEncryptFrom", "kms:GenerateDataKey"];

/** KMS decrypt is granted on named keys, not on every key in the account. */
export const iamKmsDecryptScoped: MlopsPolicy = {
    name: "iam-kms-decrypt-scoped",
    description: 'IAM policies do not allow KMS decryption on all keys (Resource "*").',
    enforcementLevel: "mandatory",
    remediationSteps: "Set Resource to the stack's KMS key ARN for kms:Decrypt / kms:GenerateDataKey.",
    ...framework({ service: "IAM", rule: "KMS decrypt not on all keys", sources: ["KMS.1", "KMS.2"] }),
    validateResource: eachIdentityStatement((s, at, report) => {
        const decrypt = allResources(s) ? DECRYPT_ACTIONS.filter((a) => grants(s, a)) : [];
        if (decrypt.length > 0)
            report(`${at} allows ${list(decrypt)} on all KMS keys; set Resource to the stack's key ARN.`);
    }),
};

const CONFUSED_DEPUTY_KEYS = ["aws:sourceaccount", "aws:sourcearn"];

/** Trust policies: no `*` principal; service principals carry aws:SourceAccount / aws:SourceArn. */
export const iamTrustPolicy: MlopsPolicy = {
    name: "iam-trust-policy",
    description:
        'Role trust policies have no "*" principal, and statements trusting a service carry an ' +
        "aws:SourceAccount or aws:SourceArn condition.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Trust specific principals; for service principals add Condition { StringEquals: { " +
        '"aws:SourceAccount": <account id> } } (or ArnLike aws:SourceArn) against the confused-deputy ' +
        "problem.",
    ...framework({
        service: "IAM",
        rule: "trust policies: no * principal; service principals carry aws:SourceAccount/aws:SourceArn",
        sources: ["CKV_AWS_60", "CKV_AWS_61"],
    }),
    validateResource: validateResourceOfType(aws.iam.Role, (role, args, report) => {
        (parsePolicyDocument(role.assumeRolePolicy) ?? []).forEach((s, i) => {
            if (s.effect !== "Allow") return;
            const at = `role "${args.name}" assumeRolePolicy ${statementLabel(s, i)}`;
            if (wildcardPrincipal(s))
                report(`${at} trusts Principal "*"; name the principals that may assume the role.`);
            const services = s.principals.Service ?? [];
            const keys = conditionKeys(s);
            if (services.length > 0 && !CONFUSED_DEPUTY_KEYS.some((k) => keys.has(k))) {
                report(
                    `${at} trusts ${list(services)} without an aws:SourceAccount or aws:SourceArn condition; add one.`,
                );
            }
        });
    }),
};

const ROLE = "aws:iam/role:Role";

/** Web-identity trust (GitHub Actions OIDC and alike) pins `aud` and a `sub` of one repository. */
export const iamWebIdentityTrust: MlopsPolicy = {
    name: "iam-web-identity-trust",
    description:
        "Role trust policies for web identity (e.g. GitHub Actions OIDC) pin the audience and a subject of " +
        "one repository (no wildcard owner or repository).",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Add Condition { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", ' +
        '"token.actions.githubusercontent.com:sub": "repo:<owner>/<repo>:environment:<env>" } } ' +
        "(CiDeployRole does).",
    ...framework({
        service: "IAM",
        rule: "web-identity trust pins aud and a sub of one repository",
        sources: ["ML"],
    }),
    validateResource: validateResourceOfType(aws.iam.Role, (role, args, report) => {
        webIdentityStatements(role.assumeRolePolicy).forEach((s, i) => {
            const at = `role "${args.name}" assumeRolePolicy ${statementLabel(s, i)}`;
            const subjects = subjectValues(s);
            if (subjects === undefined)
                report(
                    `${at} trusts a web identity without a ":sub" condition: any repository of the issuer ` +
                        `could assume it.`,
                );
            else
                for (const sub of subjects.filter((v) => !pinnedSubject(v)))
                    report(
                        `${at} allows subject "${sub}": name one repository ` +
                            "(repo:<owner>/<repo>:…), no wildcards.",
                    );
            const keys = [...conditionKeys(s)];
            if (!keys.some((k) => k.endsWith(":aud")))
                report(`${at} trusts a web identity without an ":aud" condition.`);
        });
    }),
};

/** `iam:PassRole` only for the stack's roles, and only to named services. */
export const iamPassRoleScoped: MlopsPolicy = {
    name: "iam-passrole-scoped",
    description: "iam:PassRole is granted only on this stack's roles and with an iam:PassedToService condition.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set Resource to the ARNs of the roles being passed (e.g. the SageMaker execution role) and add " +
        'Condition { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } }.',
    ...framework({
        service: "IAM",
        rule: "iam:PassRole only for the stack's roles, with iam:PassedToService",
        sources: ["AVD-AWS-0342"],
    }),
    validateStack: (args, report) => {
        const roleArns = new Set(
            args.resources
                .filter((r) => r.type === ROLE)
                .map((r) => known(() => r.props.arn))
                .filter((a): a is string => typeof a === "string"),
        );
        for (const holder of args.resources.filter((r) =>
            (IDENTITY_POLICY_TYPES as readonly string[]).includes(r.type),
        )) {
            const deployRole =
                holder.type === ROLE && pinnedWebIdentityTrust(known(() => holder.props.assumeRolePolicy));
            for (const doc of identityPolicyDocuments(holder.type, holder.props, true)) {
                doc.statements.forEach((s, i) => {
                    if (!grants(s, "iam:PassRole")) return;
                    // A pinned deploy role passes roles it creates under the stack's prefix (not known as ARNs yet).
                    if (deployRole && iamPrefixScoped(s) && conditionKeys(s).has("iam:passedtoservice")) return;
                    const at = where(KIND[holder.type], holder.name, doc, s, i);
                    const foreign = allResources(s) ? ["*"] : s.resources.filter((r) => !roleArns.has(r));
                    if (foreign.length > 0)
                        report(
                            `${at} allows iam:PassRole on ${list(foreign.map((f) => `"${f}"`))}, which ` +
                                `${foreign.length === 1 ? "is not a role" : "are not roles"} of this stack; ` +
                                `list the stack's role ARNs.`,
                            holder.urn,
                        );
                    if (!conditionKeys(s).has("iam:passedtoservice"))
                        report(
                            `${at} allows iam:PassRole without an iam:PassedToService condition; add one ` +
                                `naming the service.`,
                            holder.urn,
                        );
                });
            }
        }
    },
};

/** All IAM policies. */
export const iamPolicies: MlopsPolicy[] = [
    iamNoWildcardAction,
    iamNoWildcardResource,
    iamNoPrivilegeEscalation,
    iamKmsDecryptScoped,
    iamTrustPolicy,
    iamWebIdentityTrust,
    iamPassRoleScoped,
];

/**
 * CiDeployRole: keyless deploys from GitHub Actions. One OIDC provider for
 * token.actions.githubusercontent.com (created, or brought by ARN: an account holds one per URL)
 * and one role per GitHub environment, assumable only by jobs of that repository running in that
 * environment (`aud` = sts.amazonaws.com, `sub` = repo:<owner>/<repo>:environment:<env>).
 *
 * Permissions cover the services the platform stack uses and no others, scoped the way each
 * service's Service Authorization Reference allows
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/):
 * by name prefix where the resource ARN carries the name (S3 list_amazons3.html, IAM
 * list_awsidentityandaccessmanagementiam.html, ECR list_amazonelasticcontainerregistry.html, MWAA
 * list_amazonmanagedworkflowsforapacheairflow.html, SageMaker list_amazonsagemaker.html, Glue
 * list_awsglue.html, DynamoDB list_amazondynamodb.html, CloudWatch Logs list_amazoncloudwatchlogs.html,
 * CloudWatch list_amazoncloudwatch.html), by the stack's `environment` tag where ARNs hold generated ids
 * (KMS keys list_awskeymanagementservice.html, EC2 list_amazonec2.html, Redshift Serverless
 * list_amazonredshiftserverless.html: aws:ResourceTag on existing resources, aws:RequestTag on create),
 * and on "*" only for actions without a resource type (kms:CreateKey, ec2:Describe*, sts:GetCallerIdentity).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { validateComponentArgs } from "../core/configErrors";
import { Environment, ENVIRONMENTS } from "../core/environment";
import { awsContext } from "../core/context";
import { policyDocument, PolicyStatement } from "../core/iam";
import { ciSchema, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, githubSubject } from "./ciSettings";

/** Arguments of {@link CiDeployRole}. */
export interface CiDeployRoleArgs {
    /** Environment of the stack the roles deploy (its `environment` tag scopes KMS, EC2 and Redshift). */
    readonly environment: Environment;
    /** GitHub repository, `owner/name`, whose workflows may assume the roles. */
    readonly repository: string;
    /** GitHub environments, one role each. */
    readonly githubEnvironments: string[];
    /** Physical-name prefixes of the stack's resources (e.g. `mlops-prod`, the Feast project); at least one. */
    readonly namePrefixes: string[];
    /** Existing GitHub OIDC provider ARN. Default: create the provider. */
    readonly oidcProviderArn?: pulumi.Input<string>;
    /** Tags for the roles and the provider. */
    readonly tags?: Record<string, string>;
}

const argsSchema = z.strictObject({
    environment: z.enum(ENVIRONMENTS),
    repository: ciSchema.shape.repository.unwrap(),
    githubEnvironments: ciSchema.shape.githubEnvironments.unwrap(),
    namePrefixes: z
        .array(
            z.string().regex(/^[A-Za-z0-9_.-]{3,}$/, { error: "must be a name prefix of 3+ letters, digits, - _ ." }),
        )
        .min(1),
    oidcProviderArn: z.unknown().optional(),
    tags: z.record(z.string(), z.string()).optional(),
});

/** Services whose roles the deploy role may pass, and to which (iam:PassedToService). */
const PASSED_TO = [
    "sagemaker.amazonaws.com",
    "airflow.amazonaws.com",
    "redshift.amazonaws.com",
    "redshift-serverless.amazonaws.com",
];

const GLUE_ACTIONS = [
    "glue:*Database*",
    "glue:*Table*",
    "glue:*Partition*",
    "glue:GetCatalog*",
    "glue:*DataCatalogEncryptionSettings",
    "glue:TagResource",
    "glue:UntagResource",
    "glue:GetTags",
];
const IAM_ROLE_WRITE_ACTIONS = [
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:UpdateAssumeRolePolicy",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
];
const IAM_ROLE_READ_ACTIONS = [
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:ListRolePolicies",
    "iam:ListAttachedRolePolicies",
    "iam:ListRoleTags",
    "iam:ListInstanceProfilesForRole",
];
const IAM_OIDC_PROVIDER_ACTIONS = [
    "iam:CreateOpenIDConnectProvider",
    "iam:GetOpenIDConnectProvider",
    "iam:DeleteOpenIDConnectProvider",
    "iam:TagOpenIDConnectProvider",
    "iam:UntagOpenIDConnectProvider",
    "iam:UpdateOpenIDConnectProviderThumbprint",
    "iam:AddClientIDToOpenIDConnectProvider",
    "iam:RemoveClientIDFromOpenIDConnectProvider",
];

/** Statements of one deploy role: the stack's services, scoped by name prefix or environment tag. */
function deployStatements(
    self: string,
    prefixes: readonly string[],
    environment: Environment,
    ctx: {
        readonly accountId: pulumi.Input<string>;
        readonly region: pulumi.Input<string>;
        readonly partition: pulumi.Input<string>;
    },
): PolicyStatement[] {
    const arns = (template: (p: string) => pulumi.Output<string>) => prefixes.map(template);
    const { accountId: a, region: r, partition: pt } = ctx;
    const tagged = { StringEquals: { "aws:ResourceTag/environment": environment } };
    const requestTagged = { StringEquals: { "aws:RequestTag/environment": environment } };
    return [
        {
            Sid: "S3StackBuckets",
            Action: "s3:*",
            Resource: [
                ...arns((p) => pulumi.interpolate`arn:${pt}:s3:::${p}*`),
                ...arns((p) => pulumi.interpolate`arn:${pt}:s3:::${p}*/*`),
            ],
        },
        {
            Sid: "DynamoDbStackTables",
            Action: "dynamodb:*",
            Resource: arns((p) => pulumi.interpolate`arn:${pt}:dynamodb:${r}:${a}:table/${p}*`),
        },
        {
            Sid: "GlueStackCatalog",
            // Not glue:* — that includes glue:CreateDevEndpoint (privilege escalation).
            Action: GLUE_ACTIONS,
            Resource: [
                pulumi.interpolate`arn:${pt}:glue:${r}:${a}:catalog`,
                ...arns((p) => pulumi.interpolate`arn:${pt}:glue:${r}:${a}:database/${p}*`),
                ...arns((p) => pulumi.interpolate`arn:${pt}:glue:${r}:${a}:table/${p}*/*`),
            ],
        },
        {
            Sid: "EcrStackRepositories",
            Action: "ecr:*",
            Resource: arns((p) => pulumi.interpolate`arn:${pt}:ecr:${r}:${a}:repository/${p}*`),
        },
        {
            Sid: "MwaaStackEnvironment",
            Action: "airflow:*",
            Resource: arns((p) => pulumi.interpolate`arn:${pt}:airflow:${r}:${a}:environment/${p}*`),
        },
        {
            Sid: "SageMakerStackEndpoints",
            Action: "sagemaker:*",
            Resource: ["model", "endpoint-config", "endpoint"].flatMap((kind) =>
                arns((p) => pulumi.interpolate`arn:${pt}:sagemaker:${r}:${a}:${kind}/${p}*`),
            ),
        },
        {
            Sid: "LogsStackGroups",
            Action: "logs:*",
            Resource: arns((p) => pulumi.interpolate`arn:${pt}:logs:${r}:${a}:log-group:*${p}*`),
        },
        {
            Sid: "CloudWatchStackAlarms",
            Action: "cloudwatch:*Alarm*",
            Resource: arns((p) => pulumi.interpolate`arn:${pt}:cloudwatch:${r}:${a}:alarm:${p}*`),
        },
        {
            Sid: "IamStackRolesAndPolicies",
            Action: [...IAM_ROLE_WRITE_ACTIONS, ...IAM_ROLE_READ_ACTIONS, ...IAM_OIDC_PROVIDER_ACTIONS],
            Resource: [
                ...arns((p) => pulumi.interpolate`arn:${pt}:iam::${a}:role/${p}*`),
                pulumi.interpolate`arn:${pt}:iam::${a}:oidc-provider/${GITHUB_OIDC_HOST}`,
            ],
        },
        {
            // The deploy roles match the prefix too: without this a workflow could rewrite its own trust or
            // permissions.
            Sid: "DenyChangesToTheDeployRoles",
            Effect: "Deny",
            Action: [...IAM_ROLE_WRITE_ACTIONS, ...IAM_OIDC_PROVIDER_ACTIONS.filter((x) => !x.includes(":Get"))],
            Resource: [
                pulumi.interpolate`arn:${pt}:iam::${a}:role/${self}-*`,
                pulumi.interpolate`arn:${pt}:iam::${a}:oidc-provider/${GITHUB_OIDC_HOST}`,
            ],
        },
        {
            Sid: "PassStackRolesToServices",
            Action: "iam:PassRole",
            Resource: arns((p) => pulumi.interpolate`arn:${pt}:iam::${a}:role/${p}*`),
            Condition: { StringEquals: { "iam:PassedToService": PASSED_TO } },
        },
        {
            Sid: "KmsTaggedKeys",
            Action: "kms:*",
            Resource: pulumi.interpolate`arn:${pt}:kms:${r}:${a}:key/*`,
            Condition: tagged,
        },
        {
            Sid: "KmsCreateTaggedKey",
            Action: "kms:CreateKey",
            Resource: "*",
            Condition: requestTagged,
        },
        {
            Sid: "KmsStackAliases",
            Action: "kms:*Alias",
            Resource: arns((p) => pulumi.interpolate`arn:${pt}:kms:${r}:${a}:alias/${p}*`),
        },
        {
            Sid: "Ec2TaggedNetwork",
            Action: "ec2:*",
            Resource: pulumi.interpolate`arn:${pt}:ec2:${r}:${a}:*`,
            Condition: tagged,
        },
        {
            Sid: "Ec2CreateTaggedNetwork",
            Action: ["ec2:Create*", "ec2:AllocateAddress"],
            Resource: pulumi.interpolate`arn:${pt}:ec2:${r}:${a}:*`,
            Condition: requestTagged,
        },
        {
            Sid: "RedshiftServerlessTagged",
            Action: "redshift-serverless:*",
            Resource: pulumi.interpolate`arn:${pt}:redshift-serverless:${r}:${a}:*`,
            Condition: tagged,
        },
        {
            Sid: "RedshiftServerlessCreateTagged",
            Action: ["redshift-serverless:Create*", "redshift-serverless:TagResource"],
            Resource: pulumi.interpolate`arn:${pt}:redshift-serverless:${r}:${a}:*`,
            Condition: requestTagged,
        },
        {
            Sid: "ReadOnlyWithoutResourceTypes",
            Action: ["ec2:Describe*", "sts:GetCallerIdentity", "kms:ListAliases"],
            Resource: "*",
        },
    ];
}

/** The keyless GitHub Actions deploy roles of one stack. */
export class CiDeployRole extends pulumi.ComponentResource {
    /** ARN of the GitHub OIDC provider (created or brought). */
    public readonly oidcProviderArn: pulumi.Output<string>;
    /** Role ARN per GitHub environment: the workflow's `role-to-assume`. */
    public readonly roleArns: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: CiDeployRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        validateComponentArgs(`CiDeployRole ${name}`, argsSchema, args);
        super("mlops-platform:index:CiDeployRole", name, {}, opts);
        const child = { parent: this };
        const ctx = awsContext(this);
        this.oidcProviderArn =
            args.oidcProviderArn !== undefined
                ? pulumi.output(args.oidcProviderArn)
                : new aws.iam.OpenIdConnectProvider(
                      `${name}-github`,
                      // No thumbprint: IAM trusts GitHub's certificate through its own CA library (provider docs:
                      // thumbprintLists optional).
                      { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE], tags: args.tags },
                      child,
                  ).arn;

        const roles: Record<string, pulumi.Output<string>> = {};
        for (const githubEnvironment of args.githubEnvironments) {
            const role = new aws.iam.Role(
                `${name}-${githubEnvironment}`,
                {
                    description: `GitHub Actions deploys of ${args.repository} (environment ${githubEnvironment})`,
                    maxSessionDuration: 3600,
                    assumeRolePolicy: policyDocument([
                        {
                            Sid: "GitHubActionsOfOneRepositoryEnvironment",
                            Principal: { Federated: this.oidcProviderArn },
                            Action: "sts:AssumeRoleWithWebIdentity",
                            Condition: {
                                StringEquals: {
                                    [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
                                    [`${GITHUB_OIDC_HOST}:sub`]: githubSubject(args.repository, githubEnvironment),
                                },
                            },
                        },
                    ]),
                    // Inline, so the pack sees the trust and the permissions on one resource.
                    inlinePolicies: [
                        {
                            name: "deploy",
                            policy: policyDocument(deployStatements(name, args.namePrefixes, args.environment, ctx)),
                        },
                    ],
                    tags: args.tags,
                },
                child,
            );
            roles[githubEnvironment] = role.arn;
        }
        this.roleArns = pulumi.output(roles);
        this.registerOutputs({ oidcProviderArn: this.oidcProviderArn, roleArns: this.roleArns });
    }
}

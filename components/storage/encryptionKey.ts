import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, statefulOptions } from "../core/context";
import { Environment } from "../core/environment";
import { policyDocument, regionalArn } from "../core/iam";
import { stackTags } from "../core/tags";
import { ENCRYPTION_DEFAULTS } from "./encryptionSettings";
import type { Integer } from "../core/schemaPrimitives";

/** AWS services allowed to use the stack key on behalf of principals of this account. */
export const KEY_USING_SERVICES = [
    "s3",
    "dynamodb",
    "glue",
    "sagemaker",
    "airflow",
    "sqs",
    "redshift",
    "redshift-serverless",
    "ecr",
    "secretsmanager",
    // Asynchronous inference notification topics (SNS encrypts each message with the topic's key).
    "sns",
] as const;

/**
 * What the account's administrators may do with the key: the default key policy's "Allow access for Key
 * Administrators" actions with each wildcard expanded to the actions it covers on a symmetric AWS_KMS key
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html), except `kms:CreateGrant`.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
    "kms:CreateAlias",
    "kms:DescribeKey",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
    "kms:RevokeGrant",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:DeleteAlias",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
];

/**
 * The services that publish to the stack's alarm topic, which is encrypted with this key: AWS Budgets (the
 * budget alerts) and CloudWatch (the endpoint's alarms). Each needs `kms:GenerateDataKey*` and `kms:Decrypt`:
 * AWS Budgets User Guide, "Creating an Amazon SNS topic for budget notifications", "To enable compatibility
 * between AWS Budgets and encrypted Amazon SNS topics" (docs.aws.amazon.com/cost-management/latest/userguide/
 * budgets-sns-policy.html#configure-kms-perm; awsdocs/aws-cost-management-user-guide@10fa9e49
 * doc_source/budgets-sns-policy.md) and Amazon SNS Developer Guide, "Enable compatibility between event sources
 * from AWS services and encrypted topics" (sns-key-management.html#compatibility-with-aws-services). Both are
 * scoped to this account's budgets and this region's alarms, as the topic policy scopes their SNS:Publish.
 * CloudWatch's KMS requests carry aws:SourceAccount / aws:SourceArn for alarm actions, unlike EventBridge's
 * (AWS's MDAA, `@aws-mdaa/cloudwatch-constructs` grantCloudWatchAlarmsTopicAccess: "conditions here are both
 * supported and correct"; aws.github.io/modern-data-architecture-accelerator/typedocs).
 */
export function alarmTopicPublisherStatements(
    accountId: pulumi.Input<string>,
    region: pulumi.Input<string>,
    partition: pulumi.Input<string>,
) {
    const publisher = (sid: string, service: string, sourceArn: pulumi.Output<string>) => ({
        Sid: sid,
        Principal: { Service: service },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": sourceArn } },
    });
    return [
        publisher("BudgetsPublishToAlarmTopic", "budgets.amazonaws.com", budgetsSourceArn(accountId, partition)),
        publisher(
            "CloudWatchAlarmsPublishToAlarmTopic",
            "cloudwatch.amazonaws.com",
            alarmsSourceArn(accountId, region, partition),
        ),
    ];
}

/** Every budget of the account: Budgets' `aws:SourceArn` (arn:aws:budgets::<account-id>:*, AWS Budgets docs). */
export function budgetsSourceArn(accountId: pulumi.Input<string>, partition: pulumi.Input<string>) {
    return pulumi.interpolate`arn:${partition}:budgets::${accountId}:*`;
}

/** Every CloudWatch alarm of the account in the region: CloudWatch's `aws:SourceArn` when an alarm publishes. */
export function alarmsSourceArn(
    accountId: pulumi.Input<string>,
    region: pulumi.Input<string>,
    partition: pulumi.Input<string>,
) {
    return pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*`;
}

/** Arguments of `EncryptionKey`. */
export interface EncryptionKeyArgs {
    /** Deployment environment; selects deletion window and protection defaults. */
    readonly environment: Environment;
    /** What the key protects, shown in the KMS console. Default: "mlops-platform <environment> data". */
    readonly description?: string;
    /** Days KMS waits before deleting the key (7–30). Default: 7 in dev, 14 in staging, 30 in prod. */
    readonly deletionWindowInDays?: Integer;
    /** Alias name without the `alias/` prefix. Default: derived from the component name. */
    readonly aliasName?: string;
    /** Protect and retain the key on delete. Default: true in prod. */
    readonly protect?: boolean;
    /** Tags added to the required ones. */
    readonly tags?: Record<string, string>;
}

/**
 * The stack's customer-managed KMS key: rotation on, a key policy that keeps administration with
 * the account, lets principals of this account use the key only through the AWS services the
 * platform runs on (`kms:ViaService`), lets CloudWatch Logs encrypt this account's log groups, and lets this
 * account's budgets and alarms publish to the alarm topic it encrypts.
 */
export class EncryptionKey extends pulumi.ComponentResource {
    /** The KMS key. */
    public readonly key: aws.kms.Key;
    /** The key ARN, for `kmsKeyArn`-style arguments. */
    public readonly keyArn: pulumi.Output<string>;
    /** The alias ARN. */
    public readonly aliasArn: pulumi.Output<string>;

    constructor(name: string, args: EncryptionKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        const deletionWindowInDays =
            args.deletionWindowInDays ?? ENCRYPTION_DEFAULTS[args.environment].kmsDeletionWindowDays;
        if (!Number.isInteger(deletionWindowInDays) || deletionWindowInDays < 7 || deletionWindowInDays > 30) {
            throw new Error(
                `EncryptionKey ${name}: deletionWindowInDays must be an integer from 7 to 30 (got ` +
                    `${deletionWindowInDays})`,
            );
        }
        super("mlops-platform:index:EncryptionKey", name, {}, opts);
        const context = awsContext(this);
        const { accountId, region, partition } = context;
        const accountRoot = pulumi.interpolate`arn:${partition}:iam::${accountId}:root`;

        this.key = new aws.kms.Key(
            name,
            {
                description: args.description ?? `mlops-platform ${args.environment} data`,
                enableKeyRotation: true,
                deletionWindowInDays,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                policy: policyDocument([
                    {
                        // Administration stays with the account (IAM decides who); no data-plane use here.
                        Sid: "KeyAdministrationByAccount",
                        Principal: { AWS: accountRoot },
                        // Listed, not wildcarded: the default policy's `kms:Create*` "Allows kms:CreateAlias and
                        // kms:CreateGrant"
                        // (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html),
                        // and an unconditioned CreateGrant lets any principal of the account grant itself Decrypt
                        // around the kms:ViaService fence below. Grants go through GrantsForAwsResources only.
                        Action: KEY_ADMINISTRATION_ACTIONS,
                        Resource: "*",
                    },
                    {
                        // Data keys only through the platform's services, for callers of this account.
                        Sid: "UseThroughPlatformServices",
                        Principal: { AWS: accountRoot },
                        Action: [
                            "kms:Encrypt",
                            "kms:Decrypt",
                            "kms:ReEncrypt*",
                            "kms:GenerateDataKey*",
                            "kms:DescribeKey",
                        ],
                        Resource: "*",
                        Condition: {
                            StringEquals: {
                                "kms:CallerAccount": accountId,
                                "kms:ViaService": KEY_USING_SERVICES.map(
                                    (s) => pulumi.interpolate`${s}.${region}.amazonaws.com`,
                                ),
                            },
                        },
                    },
                    {
                        // DynamoDB, SageMaker, Redshift and MWAA hold grants for the resources they encrypt.
                        Sid: "GrantsForAwsResources",
                        Principal: { AWS: accountRoot },
                        Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                        Resource: "*",
                        Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
                    },
                    {
                        // AWS's documented statement for log-group encryption, account-wide variant: no
                        // aws:SourceAccount,
                        // which CloudWatch Logs is not documented to send on these calls
                        // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html, step 2).
                        Sid: "CloudWatchLogsForThisAccount",
                        Principal: { Service: pulumi.interpolate`logs.${region}.amazonaws.com` },
                        Action: [
                            "kms:Encrypt*",
                            "kms:Decrypt*",
                            "kms:ReEncrypt*",
                            "kms:GenerateDataKey*",
                            "kms:Describe*",
                        ],
                        Resource: "*",
                        Condition: {
                            ArnLike: {
                                "kms:EncryptionContext:aws:logs:arn": regionalArn(context, "logs", "log-group:*"),
                            },
                        },
                    },
                    ...alarmTopicPublisherStatements(accountId, region, partition),
                ]),
                tags: stackTags(args.environment, args.tags),
            },
            { parent: this, ...statefulOptions(args.environment, args.protect) },
        );
        const alias = new aws.kms.Alias(
            name,
            { name: `alias/${args.aliasName ?? name}`, targetKeyId: this.key.keyId },
            { parent: this },
        );
        this.keyArn = this.key.arn;
        this.aliasArn = alias.arn;
        this.registerOutputs({ keyArn: this.keyArn, aliasArn: this.aliasArn });
    }
}

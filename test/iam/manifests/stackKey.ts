/**
 * The stack key's resource policy seen by the services that use it on their own (CloudWatch Logs) or on the
 * deployer's behalf (MWAA). Identity policies are not under test here: only the key policy decides.
 */
import { CallManifest } from "./types";
import { AWS } from "./sources";

const TASK_GROUP = "arn:aws:logs:{region}:{account}:log-group:airflow-{mwaa}-Task";
const FLOW_GROUP = "arn:aws:logs:{region}:{account}:log-group:{log-group:network-flow-logs}";
const forGroup = (group: string) => ({ "kms:EncryptionContext:aws:logs:arn": group });
const viaAirflow = { "kms:ViaService": "airflow.{region}.amazonaws.com", "kms:CallerAccount": "{account}" };

export const LOGS_ON_KEY: CallManifest = {
    principal: "CloudWatch Logs on the stack key",
    selector: "service:logs.{region}.amazonaws.com",
    purpose: "encrypting the MWAA and flow-log log groups (kmsKeyId) with the stack key",
    calls: [
        ...["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"].map((action) => ({
            action,
            resource: "{key}",
            context: forGroup(TASK_GROUP),
            source: AWS.logsKey,
        })),
        ...["kms:ReEncryptFrom", "kms:ReEncryptTo"].map((action) => ({
            action,
            resource: "{key}",
            context: forGroup(FLOW_GROUP),
            source: `${AWS.logsKey} (kms:ReEncrypt* in the documented statement)`,
        })),
        { action: "kms:GenerateDataKey", resource: "{key}", context: forGroup(FLOW_GROUP), source: AWS.logsKey },
    ],
    denied: [
        {
            action: "kms:Decrypt",
            resource: "{key}",
            context: forGroup("arn:aws:logs:{region}:999999999999:log-group:theirs"),
            why: "a log group of another account",
        },
        { action: "kms:Decrypt", resource: "{key}", why: "without the log group's encryption context" },
        {
            action: "kms:CreateGrant",
            resource: "{key}",
            context: forGroup(TASK_GROUP),
            why: "CloudWatch Logs needs no grants",
        },
        { action: "kms:ScheduleKeyDeletion", resource: "{key}", context: forGroup(TASK_GROUP), why: "destructive" },
    ],
};

export const MWAA_ON_KEY: CallManifest = {
    principal: "MWAA on the stack key (for the deployer)",
    selector: "account:deployer",
    purpose: "CreateEnvironment with kmsKey: MWAA attaches grants and encrypts its own resources via airflow",
    calls: [
        {
            action: "kms:CreateGrant",
            resource: "{key}",
            context: { ...viaAirflow, "kms:GrantIsForAWSResource": "true" },
            source: AWS.mwaaKeys,
        },
        { action: "kms:DescribeKey", resource: "{key}", context: viaAirflow, source: AWS.mwaaKeys },
        { action: "kms:GenerateDataKey", resource: "{key}", context: viaAirflow, source: AWS.mwaaKeys },
        { action: "kms:Decrypt", resource: "{key}", context: viaAirflow, source: AWS.mwaaKeys },
        { action: "kms:Encrypt", resource: "{key}", context: viaAirflow, source: AWS.mwaaKeys },
    ],
    denied: [
        {
            action: "kms:CreateGrant",
            resource: "{key}",
            context: { "kms:CallerAccount": "{account}" },
            why: "a grant not for an AWS resource: any principal could grant itself Decrypt (issue 11 item 11)",
        },
        {
            action: "kms:Decrypt",
            resource: "{key}",
            context: { "kms:ViaService": "ec2.{region}.amazonaws.com", "kms:CallerAccount": "{account}" },
            why: "a service the stack does not use",
        },
        {
            action: "kms:Decrypt",
            resource: "{key}",
            context: { "kms:CallerAccount": "{account}" },
            why: "direct use, outside every service",
        },
    ],
};

const via = (service: string) => ({
    "kms:ViaService": `${service}.{region}.amazonaws.com`,
    "kms:CallerAccount": "{account}",
});
const forAwsResource = (service: string) => ({ ...via(service), "kms:GrantIsForAWSResource": "true" });

export const SERVICES_ON_KEY: CallManifest = {
    principal: "SageMaker, Redshift Serverless, Secrets Manager and ECR on the stack key (for the deployer)",
    selector: "account:deployer",
    purpose:
        "resources Pulumi creates with kmsKeyId: the endpoint's volumes and captures, the namespace, its secret, " +
        "the image repositories (and CI's pushes to them)",
    calls: [
        {
            action: "kms:CreateGrant",
            resource: "{key}",
            context: forAwsResource("sagemaker"),
            source: AWS.endpointConfigKms,
        },
        { action: "kms:DescribeKey", resource: "{key}", context: via("sagemaker"), source: AWS.endpointConfigKms },
        { action: "kms:ListGrants", resource: "{key}", context: forAwsResource("sagemaker"), source: AWS.kmsGrants },
        { action: "kms:RevokeGrant", resource: "{key}", context: forAwsResource("sagemaker"), source: AWS.kmsGrants },
        {
            action: "kms:CreateGrant",
            resource: "{key}",
            context: forAwsResource("redshift-serverless"),
            source: AWS.redshiftKms,
        },
        { action: "kms:DescribeKey", resource: "{key}", context: via("redshift-serverless"), source: AWS.redshiftKms },
        {
            action: "kms:GenerateDataKey",
            resource: "{key}",
            context: via("redshift-serverless"),
            source: AWS.redshiftKms,
        },
        { action: "kms:Decrypt", resource: "{key}", context: via("redshift-serverless"), source: AWS.redshiftKms },
        {
            action: "kms:DescribeKey",
            resource: "{key}",
            context: via("ecr"),
            source: `${AWS.ecrKms} (creating a repository: DescribeKey)`,
        },
        {
            action: "kms:CreateGrant",
            resource: "{key}",
            context: forAwsResource("ecr"),
            source: `${AWS.ecrKms} (creating a repository: two CreateGrant requests; pulls decrypt through them)`,
        },
        {
            action: "kms:GenerateDataKey",
            resource: "{key}",
            context: via("ecr"),
            source: `${AWS.ecrKms} (pushing an image: GenerateDataKey)`,
        },
        { action: "kms:GenerateDataKey", resource: "{key}", context: via("secretsmanager"), source: AWS.secretsKms },
        { action: "kms:Decrypt", resource: "{key}", context: via("secretsmanager"), source: AWS.secretsKms },
    ],
    denied: [
        {
            action: "kms:CreateGrant",
            resource: "{key}",
            context: via("sagemaker"),
            why: "a grant that is not for an AWS resource",
        },
        { action: "kms:Decrypt", resource: "{key}", context: via("lambda"), why: "a service the stack does not use" },
    ],
};

const BUDGET = "arn:aws:budgets::{account}:budget/mlops-budget-monthly";
const ALARM = "arn:aws:cloudwatch:{region}:{account}:alarm:mlops-serving-primary-5xx";
const from = (account: string, sourceArn: string) => ({ "aws:SourceAccount": account, "aws:SourceArn": sourceArn });

export const BUDGETS_ON_KEY: CallManifest = {
    principal: "AWS Budgets on the stack key",
    selector: "service:budgets.amazonaws.com",
    purpose: "publishing cost.monthlyBudgetUsd's 80 % and 100 % alerts to the alarm topic, encrypted with the key",
    calls: ["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({
        action,
        resource: "{key}",
        context: from("{account}", BUDGET),
        source: AWS.budgetsKey,
    })),
    denied: [
        {
            action: "kms:Decrypt",
            resource: "{key}",
            context: from("999999999999", "arn:aws:budgets::999999999999:budget/theirs"),
            why: "another account's budget (confused deputy)",
        },
        { action: "kms:Decrypt", resource: "{key}", why: "without the budget as aws:SourceArn" },
        { action: "kms:Encrypt", resource: "{key}", context: from("{account}", BUDGET), why: "not a publisher's call" },
    ],
};

export const ALARMS_ON_KEY: CallManifest = {
    principal: "CloudWatch alarms on the stack key",
    selector: "service:cloudwatch.amazonaws.com",
    purpose: "the endpoint's alarms publishing to the encrypted alarm topic (with a budget)",
    calls: ["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({
        action,
        resource: "{key}",
        context: from("{account}", ALARM),
        source: AWS.alarmsKey,
    })),
    denied: [
        {
            action: "kms:Decrypt",
            resource: "{key}",
            context: from("{account}", "arn:aws:cloudwatch:ap-south-1:{account}:alarm:elsewhere"),
            why: "an alarm of another region",
        },
        {
            action: "kms:GenerateDataKey",
            resource: "{key}",
            context: from("999999999999", "arn:aws:cloudwatch:{region}:999999999999:alarm:theirs"),
            why: "another account's alarm (confused deputy)",
        },
    ],
};

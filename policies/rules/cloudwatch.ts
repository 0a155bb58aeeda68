/**
 * CloudWatch rules: log groups (MWAA, SageMaker, flow logs) and alarms (endpoint rollback).
 */
import { aws } from "../lib/awsResources";
import { validateResourceOfType } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { ENVIRONMENT_CONFIG, environmentOf } from "../lib/environment";
import { present } from "../lib/resources";

/** Minimum retention in prod, in days. */
export const PROD_LOG_RETENTION_DAYS = 365;

/** Log groups have retention (≥ 365 days in prod). */
export const cloudwatchLogRetention: MlopsPolicy = {
    name: "cloudwatch-log-retention",
    description: `CloudWatch log groups have a retention period (at least ${PROD_LOG_RETENTION_DAYS} days in prod).`,
    enforcementLevel: "advisory",
    remediationSteps:
        `Set retentionInDays on the log group (${PROD_LOG_RETENTION_DAYS} or more in prod; the environment ` +
        `profile sets it).`,
    configSchema: ENVIRONMENT_CONFIG,
    ...framework({
        service: "CloudWatch",
        rule: "log groups have retention (≥ 365 days in prod)",
        sources: ["CKV_AWS_66", "CKV_AWS_338", "CloudWatch.16"],
    }),
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, args, report) => {
        const days = group.retentionInDays ?? 0; // 0 = never expire
        if (days === 0) report(`log group "${args.name}" never expires; set retentionInDays.`);
        else if (days < PROD_LOG_RETENTION_DAYS && environmentOf(args) === "prod")
            report(
                `log group "${args.name}" keeps logs ${days} days in prod; set retentionInDays to at least ` +
                    `${PROD_LOG_RETENTION_DAYS}.`,
            );
    }),
};

/** Log groups encrypted with KMS. */
export const cloudwatchLogKms: MlopsPolicy = {
    name: "cloudwatch-log-kms",
    description: "CloudWatch log groups are encrypted with a KMS key.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set kmsKeyId on the log group to the stack's key (its key policy must allow logs.<region>.amazonaws.com).",
    ...framework({ service: "CloudWatch", rule: "log groups encrypted with KMS", sources: ["CKV_AWS_158"] }),
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, args, report) => {
        if (!present(() => group.kmsKeyId)) report(`log group "${args.name}" is not encrypted with KMS; set kmsKeyId.`);
    }),
};

/** Alarms have actions enabled. */
export const cloudwatchAlarmActions: MlopsPolicy = {
    name: "cloudwatch-alarm-actions-enabled",
    description: "CloudWatch alarms have actions enabled.",
    enforcementLevel: "advisory",
    remediationSteps: "Remove actionsEnabled: false from the alarm.",
    ...framework({ service: "CloudWatch", rule: "alarms have actions enabled", sources: ["CKV_AWS_319"] }),
    validateResource: validateResourceOfType(aws.cloudwatch.MetricAlarm, (alarm, args, report) => {
        if (alarm.actionsEnabled === false)
            report(`alarm "${args.name}" has actions disabled; set actionsEnabled to true.`);
    }),
};

/** All CloudWatch policies. */
export const cloudwatchPolicies: MlopsPolicy[] = [cloudwatchLogRetention, cloudwatchLogKms, cloudwatchAlarmActions];

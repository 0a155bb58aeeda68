import * as assert from "assert";
import {
    mwaaExecutionRoleLeastPrivilege,
    mwaaKms,
    mwaaLogging,
    mwaaPinnedVersions,
    mwaaPrivateWebserverInProd,
} from "../../policies/rules/mwaa";
import { StackResource, checkResource, checkStack, messages, urnOf, withChange } from "./harness";

const ENV = "aws:mwaa/environment:Environment";
const ROLE_ARN = "arn:aws:iam::123456789012:role/airflow-exec-abc1234";
const log = { enabled: true, logLevel: "INFO" };
const env = {
    airflowVersion: "2.10.3",
    environmentClass: "mw1.small",
    executionRoleArn: ROLE_ARN,
    kmsKey: "arn:aws:kms:us-east-1:123456789012:key/1111",
    webserverAccessMode: "PRIVATE_ONLY",
    sourceBucketArn: "arn:aws:s3:::dags-abc1234",
    dagS3Path: "dags",
    requirementsS3Path: "requirements.txt",
    requirementsS3ObjectVersion: "v1",
    loggingConfiguration: {
        dagProcessingLogs: log,
        schedulerLogs: log,
        taskLogs: log,
        webserverLogs: log,
        workerLogs: log,
    },
};
const res = (props: Record<string, unknown>) => ({ type: ENV, name: "airflow", props });
const PROD = { config: { environment: "prod" } };

describe("policies/mwaa", () => {
    it("the Orchestration environment passes every resource rule in prod", async () => {
        for (const policy of [mwaaLogging, mwaaPrivateWebserverInProd, mwaaKms, mwaaPinnedVersions])
            assert.deepStrictEqual(await checkResource(policy, res(env), PROD), [], policy.name);
    });
    it("mwaa-logging names every disabled log kind", async () => {
        const props = withChange(
            withChange(env, "loggingConfiguration.taskLogs.enabled", false),
            "loggingConfiguration.webserverLogs",
            undefined,
        );
        assert.deepStrictEqual(await checkResource(mwaaLogging, res(props)), [
            'MWAA environment "airflow" does not enable taskLogs and webserverLogs; set ' +
                "loggingConfiguration.<kind>.enabled to true.",
        ]);
        assert.deepStrictEqual(
            await checkResource(mwaaLogging, res(withChange(env, "loggingConfiguration", undefined))),
            [
                'MWAA environment "airflow" does not enable dagProcessingLogs, schedulerLogs, taskLogs, ' +
                    "webserverLogs and workerLogs; set loggingConfiguration.<kind>.enabled to true.",
            ],
        );
    });
    it("mwaa-private-webserver-in-prod reports a public webserver in prod only", async () => {
        const pub = res(withChange(env, "webserverAccessMode", "PUBLIC_ONLY"));
        assert.deepStrictEqual(await checkResource(mwaaPrivateWebserverInProd, pub, PROD), [
            'MWAA environment "airflow" has webserverAccessMode PUBLIC_ONLY in prod; set it to PRIVATE_ONLY.',
        ]);
        assert.deepStrictEqual(
            await checkResource(mwaaPrivateWebserverInProd, pub, { config: { environment: "dev" } }),
            [],
        );
    });
    it("mwaa-kms reports the AWS-owned key", async () => {
        assert.deepStrictEqual(await checkResource(mwaaKms, res(withChange(env, "kmsKey", undefined))), [
            'MWAA environment "airflow" uses an AWS-owned key; set kmsKey to the stack\'s key.',
        ]);
    });
    it("mwaa-pinned-object-versions reports unpinned requirements and plugins", async () => {
        assert.deepStrictEqual(
            await checkResource(mwaaPinnedVersions, res(withChange(env, "requirementsS3ObjectVersion", undefined))),
            [
                'MWAA environment "airflow" sets requirementsS3Path without requirementsS3ObjectVersion; ' +
                    "pin the object version so updates are reproducible.",
            ],
        );
        assert.deepStrictEqual(await checkResource(mwaaPinnedVersions, res({ ...env, pluginsS3Path: "plugins.zip" })), [
            'MWAA environment "airflow" sets pluginsS3Path without pluginsS3ObjectVersion; pin the object ' +
                "version so updates are reproducible.",
        ]);
    });

    describe("mwaa-execution-role-least-privilege", () => {
        const scoped = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "Dags",
                    Effect: "Allow",
                    Action: ["s3:GetObject*", "s3:ListBucket"],
                    Resource: ["arn:aws:s3:::dags-abc1234", "arn:aws:s3:::dags-abc1234/*"],
                },
                {
                    Sid: "Queue",
                    Effect: "Allow",
                    Action: ["sqs:SendMessage", "sqs:ReceiveMessage"],
                    Resource: "arn:aws:sqs:us-east-1:*:airflow-celery-*",
                },
            ],
        });
        const stack = (policy = scoped, extra: StackResource[] = []): StackResource[] => [
            { type: "aws:iam/role:Role", name: "airflow-exec", props: { arn: ROLE_ARN, name: "airflow-exec-abc1234" } },
            {
                type: "aws:iam/rolePolicy:RolePolicy",
                name: "airflow-exec-policy",
                deps: { role: ["airflow-exec"] },
                props: { role: "airflow-exec-abc1234", policy },
            },
            { type: ENV, name: "airflow", deps: { executionRoleArn: ["airflow-exec"] }, props: env },
            ...extra,
        ];
        it("passes a scoped inline policy", async () => {
            assert.deepStrictEqual(await checkStack(mwaaExecutionRoleLeastPrivilege, stack()), []);
        });
        it("reports full-service wildcard actions", async () => {
            const wild = JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Sid: "Everything", Effect: "Allow", Action: ["airflow:*", "s3:*"], Resource: "*" }],
            });
            assert.deepStrictEqual(await checkStack(mwaaExecutionRoleLeastPrivilege, stack(wild)), [
                {
                    message:
                        'MWAA execution role "airflow-exec": RolePolicy "airflow-exec-policy" policy ' +
                        'statement "Everything" allows "airflow:*" and "s3:*"; list the actions the DAGs ' +
                        "need.",
                    urn: urnOf("aws:iam/rolePolicy:RolePolicy", "airflow-exec-policy"),
                },
            ]);
        });
        it("reports an AWS-managed FullAccess attachment, joined by ARN when there are no dependencies", async () => {
            const attachment: StackResource = {
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name: "airflow-s3",
                props: { role: "airflow-exec-abc1234", policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" },
            };
            const resources = stack(scoped, [attachment]).map((r) => ({ ...r, deps: undefined }));
            assert.deepStrictEqual(messages(await checkStack(mwaaExecutionRoleLeastPrivilege, resources)), [
                'MWAA execution role "airflow-exec" has the AWS-managed policy ' +
                    "arn:aws:iam::aws:policy/AmazonS3FullAccess; replace it with a scoped inline policy.",
            ]);
        });
    });
});

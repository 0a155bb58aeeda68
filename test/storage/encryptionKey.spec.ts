import * as assert from "assert";
import { EncryptionKey, KEY_ADMINISTRATION_ACTIONS, KEY_USING_SERVICES } from "../../components/storage/encryptionKey";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { simulate } from "../iam/simulate";
import { errorMessage, policyOf, sids, statement } from "../support/helpers";

const ACCOUNT = "123456789012";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

describe("EncryptionKey", () => {
    let rec: ResourceRecorder;
    before(async () => {
        rec = startMockRun({ stack: "prod", region: "eu-west-1" });
        new EncryptionKey("stack-key", { environment: "prod" });
        await settle();
    });

    it("creates a rotating symmetric key with a 30-day deletion window in prod, protected", () => {
        const key = rec.named("aws:kms/key:Key", "stack-key");
        assert.deepStrictEqual(
            { ...key.inputs, policy: undefined },
            {
                description: "mlops-platform prod data",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                policy: undefined,
                tags: { environment: "prod", "managed-by": "pulumi" },
            },
        );
        assert.deepStrictEqual([key.protect, key.retainOnDelete], [true, true]);
    });

    it("has an alias", () => {
        assert.strictEqual(rec.named("aws:kms/alias:Alias", "stack-key").inputs.name, "alias/stack-key");
    });

    it("keeps administration with the account, without data-plane actions", () => {
        const key = rec.named("aws:kms/key:Key", "stack-key");
        assert.deepStrictEqual(sids(key), [
            "KeyAdministrationByAccount",
            "UseThroughPlatformServices",
            "GrantsForAwsResources",
            "CloudWatchLogsForThisAccount",
            "BudgetsPublishToAlarmTopic",
            "CloudWatchAlarmsPublishToAlarmTopic",
        ]);
        const admin = statement(key, "KeyAdministrationByAccount");
        assert.deepStrictEqual(admin.Principal, { AWS: ROOT });
        for (const forbidden of ["kms:*", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"]) {
            assert.ok(!(admin.Action as string[]).includes(forbidden), forbidden);
        }
    });

    it("allows data-key use only through the platform's services, for this account", () => {
        const use = statement(rec.named("aws:kms/key:Key", "stack-key"), "UseThroughPlatformServices");
        assert.deepStrictEqual(use.Action, [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:DescribeKey",
        ]);
        assert.deepStrictEqual(use.Condition, {
            StringEquals: {
                "kms:CallerAccount": "123456789012",
                "kms:ViaService": KEY_USING_SERVICES.map((s) => `${s}.eu-west-1.amazonaws.com`),
            },
        });
        assert.deepStrictEqual(KEY_USING_SERVICES.slice(0, 7), [
            "s3",
            "dynamodb",
            "glue",
            "sagemaker",
            "airflow",
            "sqs",
            "redshift",
        ]);
    });

    it("lets AWS services hold grants only for AWS resources", () => {
        const grants = statement(rec.named("aws:kms/key:Key", "stack-key"), "GrantsForAwsResources");
        assert.deepStrictEqual(grants.Condition, { Bool: { "kms:GrantIsForAWSResource": true } });
    });

    it("lets CloudWatch Logs encrypt only this account's log groups", () => {
        const logs = statement(rec.named("aws:kms/key:Key", "stack-key"), "CloudWatchLogsForThisAccount");
        assert.deepStrictEqual(logs.Principal, { Service: "logs.eu-west-1.amazonaws.com" });
        assert.deepStrictEqual(logs.Condition, {
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:*" },
        });
    });

    it("lets this account's budgets and this region's alarms use it for the encrypted alarm topic only", () => {
        const key = rec.named("aws:kms/key:Key", "stack-key");
        const publisher = (service: string, sourceArn: string) => ({
            Effect: "Allow",
            Principal: { Service: service },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": "123456789012" },
                ArnLike: { "aws:SourceArn": sourceArn },
            },
        });
        assert.deepStrictEqual(statement(key, "BudgetsPublishToAlarmTopic"), {
            Sid: "BudgetsPublishToAlarmTopic",
            ...publisher("budgets.amazonaws.com", "arn:aws:budgets::123456789012:*"),
        });
        assert.deepStrictEqual(statement(key, "CloudWatchAlarmsPublishToAlarmTopic"), {
            Sid: "CloudWatchAlarmsPublishToAlarmTopic",
            ...publisher("cloudwatch.amazonaws.com", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*"),
        });
    });

    describe("simulated against the key policy (issue 11)", () => {
        const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0000";
        const keyPolicy = () => policyOf(rec.named("aws:kms/key:Key", "stack-key"));

        // iam-simulate 's context normalisation drops `kms:EncryptionContext:<key>` keys containing colons
        // (normalizeSimulationParameters only matches `/`-variables), so the CloudWatch Logs statement is checked
        // against AWS's documented form instead: the account-wide variant of
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html step 2, no
        // aws:SourceAccount.
        it("CloudWatch Logs gets AWS's documented log-group statement, with no aws:SourceAccount condition", () => {
            const logs = statement(rec.named("aws:kms/key:Key", "stack-key"), "CloudWatchLogsForThisAccount");
            assert.deepStrictEqual(logs.Action, [
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:Describe*",
            ]);
            assert.ok(!JSON.stringify(logs.Condition).includes("aws:SourceAccount"));
        });

        it(
            "no principal of the account can grant itself Decrypt around kms:ViaService (no kms:Create* for " +
                "admins)",
            async () => {
                const allowAll = {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }],
                };
                const asUser = (action: string, context: Record<string, string> = {}) =>
                    simulate({
                        principal: "arn:aws:iam::123456789012:role/analyst",
                        action,
                        resource: KEY,
                        resourceAccount: "123456789012",
                        identityPolicies: [allowAll],
                        resourcePolicy: keyPolicy(),
                        context,
                    });
                assert.notStrictEqual(await asUser("kms:CreateGrant"), "Allowed");
                assert.strictEqual(await asUser("kms:CreateGrant", { "kms:GrantIsForAWSResource": "true" }), "Allowed");
                for (const admin of [
                    "kms:CreateAlias",
                    "kms:PutKeyPolicy",
                    "kms:ScheduleKeyDeletion",
                    "kms:RevokeGrant",
                ])
                    assert.strictEqual(await asUser(admin), "Allowed", admin);
                assert.notStrictEqual(await asUser("kms:Decrypt"), "Allowed");
            },
        );

        it("Budgets and CloudWatch alarms: data keys for this account's budgets and alarms, nothing else", async () => {
            const asService = (principal: string, action: string, account: string, sourceArn: string) =>
                simulate({
                    principal,
                    action,
                    resource: KEY,
                    resourceAccount: "123456789012",
                    identityPolicies: [],
                    resourcePolicy: keyPolicy(),
                    context: { "aws:SourceAccount": account, "aws:SourceArn": sourceArn },
                });
            const budget = (account: string) => `arn:aws:budgets::${account}:budget/mlops-prod-budget-monthly`;
            const alarm = (account: string, region = "eu-west-1") =>
                `arn:aws:cloudwatch:${region}:${account}:alarm:mlops-prod-serving-primary-5xx`;
            for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
                assert.strictEqual(
                    await asService("budgets.amazonaws.com", action, ACCOUNT, budget(ACCOUNT)),
                    "Allowed",
                );
                assert.strictEqual(
                    await asService("cloudwatch.amazonaws.com", action, ACCOUNT, alarm(ACCOUNT)),
                    "Allowed",
                );
            }
            const other = "210987654321";
            assert.notStrictEqual(
                await asService("budgets.amazonaws.com", "kms:Decrypt", other, budget(other)),
                "Allowed",
            );
            assert.notStrictEqual(
                await asService("cloudwatch.amazonaws.com", "kms:Decrypt", ACCOUNT, alarm(ACCOUNT, "us-east-1")),
                "Allowed",
            );
            assert.notStrictEqual(
                await asService("budgets.amazonaws.com", "kms:ReEncryptFrom", ACCOUNT, budget(ACCOUNT)),
                "Allowed",
            );
        });

        it("lists the administrative actions explicitly, without wildcards", () => {
            const admin = statement(rec.named("aws:kms/key:Key", "stack-key"), "KeyAdministrationByAccount");
            assert.deepStrictEqual(admin.Action, KEY_ADMINISTRATION_ACTIONS);
            assert.ok(KEY_ADMINISTRATION_ACTIONS.every((a) => !a.includes("*") && a !== "kms:CreateGrant"));
        });
    });

    it("has no wildcard principal", () => {
        const key = rec.named("aws:kms/key:Key", "stack-key");
        for (const sid of sids(key)) {
            const principal = JSON.stringify(statement(key, sid!).Principal);
            assert.ok(!principal.includes('"*"'), `${sid} principal ${principal}`);
        }
    });

    it("dev uses a 7-day window and is not protected", async () => {
        const devRec = startMockRun({ stack: "dev" });
        new EncryptionKey("dev-key", { environment: "dev" });
        await settle();
        const key = devRec.named("aws:kms/key:Key", "dev-key");
        assert.deepStrictEqual([key.inputs.deletionWindowInDays, key.protect], [7, false]);
    });

    it("rejects a deletion window outside 7-30 days before registering anything", async () => {
        const badRec = startMockRun({ stack: "dev" });
        assert.strictEqual(
            errorMessage(() => new EncryptionKey("k", { environment: "dev", deletionWindowInDays: 3 })),
            "EncryptionKey k: deletionWindowInDays must be an integer from 7 to 30 (got 3)",
        );
        await settle();
        assert.deepStrictEqual(badRec.resources, []);
    });
});

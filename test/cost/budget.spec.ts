/**
 * `mlops-platform:cost.monthlyBudgetUsd`: an AWS Budgets cost budget filtered by the stack's tag,
 * alerting at 80 % and 100 % to the alarm topic, encrypted with the stack key, whose policies let only this
 * account's budgets and alarms publish (AWS Budgets docs, "Creating an Amazon SNS topic for budget
 * notifications"); the pack accepts it.
 */
import * as assert from "assert";
import * as path from "path";
import { resolveBudget } from "../../components/cost/budgetSettings";
import { MlopsPlatform } from "../../components/platform/mlopsPlatform";
import { parsePlatformConfig, readPlatformConfig } from "../../components/platform/platformConfig";
import { PlannedResource, ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { loadStack } from "../../tools/plan/stackFiles";
import { runPolicyPack } from "../../tools/policy/policyRunner";
import { simulate } from "../iam/simulate";
import { errorMessage, policyOf } from "../support/helpers";

const projectDir = path.resolve(__dirname, "..", "..", "..");
const ACCOUNT = "123456789012";

describe("stack budget (mlops-platform:cost)", () => {
    describe("settings", () => {
        const tags = { environment: "dev", "managed-by": "pulumi", team: "ml-platform" };

        it("no monthlyBudgetUsd, no budget", () => {
            assert.strictEqual(resolveBudget("dev", undefined, tags), undefined);
            assert.strictEqual(resolveBudget("dev", { budgetTagKey: "team" }, tags), undefined);
        });

        it("resolves the amount in cents, 80 % and 100 % alerts and the user: tag filter", () => {
            assert.deepStrictEqual(resolveBudget("prod", { monthlyBudgetUsd: 1200 }, tags), {
                limitAmount: "1200.00",
                alertPercents: [80, 100],
                tagFilter: "user:environment$dev",
            });
            assert.strictEqual(
                resolveBudget("dev", { monthlyBudgetUsd: 99.5, budgetTagKey: "team" }, tags)!.tagFilter,
                "user:team$ml-platform",
            );
        });

        const base = () => readPlatformConfig(loadStack(projectDir, { stack: "dev" }).config);
        for (const [value, message] of [
            [0, "must be more than 0 USD"],
            [-5, "must be more than 0 USD"],
            [1.234, "must be in whole cents"],
            ["500", "must be an amount in USD"],
            [2e9, "must be at most 1,000,000,000 USD"],
        ] as const) {
            it(`monthlyBudgetUsd ${JSON.stringify(value)}: a ConfigError naming the key`, () => {
                const text = errorMessage(() => parsePlatformConfig({ ...base(), cost: { monthlyBudgetUsd: value } }));
                assert.match(
                    text,
                    new RegExp(`mlops-platform:cost\\.monthlyBudgetUsd.*${message.replace(".", "\\.")}`),
                );
            });
        }

        it("a budget tag the stack does not carry: a ConfigError naming cost.budgetTagKey", () => {
            const cost = { monthlyBudgetUsd: 100, budgetTagKey: "owner" };
            const text = errorMessage(() => parsePlatformConfig({ ...base(), cost }));
            assert.match(text, /mlops-platform:cost\.budgetTagKey: is not one of the stack's tags \(cost-center, /);
        });

        it("an unknown key under cost is refused with its full name", () => {
            const text = errorMessage(() => parsePlatformConfig({ ...base(), cost: { monthlyBudget: 100 } }));
            assert.match(text, /mlops-platform:cost\.monthlyBudget/);
        });
    });

    describe("dev with monthlyBudgetUsd: 500 and serving enabled (as once its image is pinned)", () => {
        let rec: ResourceRecorder;
        let stackConfig: Record<string, string>;
        let topic: PlannedResource;
        let budget: PlannedResource;
        let topicPolicy: PlannedResource;
        before(async () => {
            const files = loadStack(projectDir, { stack: "dev" });
            // Dev ships serving.enabled: false (no endpoint before its image exists); turned on, its alarms join.
            const serving = { ...JSON.parse(files.config["mlops-platform:serving"]), enabled: true };
            stackConfig = {
                ...files.config,
                "mlops-platform:serving": JSON.stringify(serving),
                "mlops-platform:cost": JSON.stringify({ monthlyBudgetUsd: 500 }),
            };
            rec = startMockRun({ project: files.project, stack: files.stack, config: stackConfig });
            new MlopsPlatform("mlops-dev", readPlatformConfig(stackConfig));
            await settle();
            topic = rec.named("aws:sns/topic:Topic", "mlops-dev-budget-alarms");
            budget = rec.named("aws:budgets/budget:Budget", "mlops-dev-budget");
            topicPolicy = rec.named("aws:sns/topicPolicy:TopicPolicy", "mlops-dev-budget-alarms");
        });

        it("a monthly COST budget of the environment-tagged resources, alerts at 80 % and 100 % to the topic", () => {
            const { notifications, ...rest } = budget.inputs;
            assert.deepStrictEqual(
                { ...rest, tags: undefined },
                {
                    name: "mlops-dev-budget-monthly",
                    budgetType: "COST",
                    limitAmount: "500.00",
                    limitUnit: "USD",
                    timeUnit: "MONTHLY",
                    costFilters: [{ name: "TagKeyValue", values: ["user:environment$dev"] }],
                    tags: undefined,
                },
            );
            assert.deepStrictEqual(notifications, [
                {
                    comparisonOperator: "GREATER_THAN",
                    notificationType: "ACTUAL",
                    threshold: 80,
                    thresholdType: "PERCENTAGE",
                    subscriberSnsTopicArns: [topic.outputs.arn],
                },
                {
                    comparisonOperator: "GREATER_THAN",
                    notificationType: "ACTUAL",
                    threshold: 100,
                    thresholdType: "PERCENTAGE",
                    subscriberSnsTopicArns: [topic.outputs.arn],
                },
            ]);
            assert.ok(budget.dependencies.includes(topicPolicy.urn), "the topic policy exists before the budget");
        });

        it("the topic is encrypted with the stack key, whose policy lets budgets and alarms use it", () => {
            const key = rec.named("aws:kms/key:Key", "mlops-dev-key");
            assert.strictEqual(topic.inputs.kmsMasterKeyId, key.outputs.arn);
            const sids = (policyOf(key).Statement as { Sid: string }[]).map((st) => st.Sid);
            for (const sid of ["BudgetsPublishToAlarmTopic", "CloudWatchAlarmsPublishToAlarmTopic"])
                assert.ok(sids.includes(sid), sid);
        });

        it("evaluated on the key policy: this account's budget gets data keys, another account's not", async () => {
            const keyPolicy = policyOf(rec.named("aws:kms/key:Key", "mlops-dev-key"));
            const asBudgets = (action: string, account: string) =>
                simulate({
                    principal: "budgets.amazonaws.com",
                    action,
                    resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0000`,
                    resourceAccount: ACCOUNT,
                    identityPolicies: [],
                    resourcePolicy: keyPolicy,
                    context: {
                        "aws:SourceAccount": account,
                        "aws:SourceArn": `arn:aws:budgets::${account}:budget/mlops-dev-budget-monthly`,
                    },
                });
            assert.strictEqual(await asBudgets("kms:GenerateDataKey", ACCOUNT), "Allowed");
            assert.strictEqual(await asBudgets("kms:Decrypt", ACCOUNT), "Allowed");
            assert.notStrictEqual(await asBudgets("kms:GenerateDataKey", "210987654321"), "Allowed");
            assert.notStrictEqual(await asBudgets("kms:Encrypt", ACCOUNT), "Allowed");
        });

        it("the topic policy is the documented Budgets statement, the alarms' statement and a TLS-only deny", () => {
            assert.strictEqual(topicPolicy.inputs.arn, topic.outputs.arn);
            assert.deepStrictEqual(policyOf(topicPolicy).Statement, [
                {
                    Effect: "Allow",
                    Sid: "AWSBudgetsSNSPublishingPermissions",
                    Principal: { Service: "budgets.amazonaws.com" },
                    Action: "SNS:Publish",
                    Resource: topic.outputs.arn,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnLike: { "aws:SourceArn": `arn:aws:budgets::${ACCOUNT}:*` },
                    },
                },
                {
                    Effect: "Allow",
                    Sid: "CloudWatchAlarmsPublish",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: "SNS:Publish",
                    Resource: topic.outputs.arn,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:*` },
                    },
                },
                {
                    Effect: "Deny",
                    Sid: "DenyInsecureTransport",
                    Principal: "*",
                    Action: "SNS:Publish",
                    Resource: topic.outputs.arn,
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ]);
        });

        /**
         * iam-simulate's answer to `principal` publishing to the topic under `context` (TLS unless
         * `aws:SecureTransport` says otherwise), with the planned topic policy. The mocks' topic ARN
         * has a path; a real topic ARN ends in the topic name, so the policy gets the real form.
         */
        const publishAs = (principal: string, context: Record<string, string>) => {
            const arn = `arn:aws:sns:us-east-1:${ACCOUNT}:mlops-dev-budget-alarms`;
            const policy = JSON.parse(
                JSON.stringify(policyOf(topicPolicy))
                    .split(topic.outputs.arn as string)
                    .join(arn),
            );
            return simulate({
                principal,
                action: "sns:Publish",
                resource: arn,
                resourceAccount: ACCOUNT,
                identityPolicies: [],
                resourcePolicy: policy,
                context: { "aws:SecureTransport": "true", ...context },
            });
        };

        it("evaluated: this account's budgets publish over TLS; other accounts and plain HTTP do not", async () => {
            const publish = (account: string, secure = "true") =>
                publishAs("budgets.amazonaws.com", {
                    "aws:SourceAccount": account,
                    "aws:SourceArn": `arn:aws:budgets::${account}:budget/mlops-dev-budget-monthly`,
                    "aws:SecureTransport": secure,
                });
            assert.strictEqual(await publish(ACCOUNT), "Allowed");
            assert.notStrictEqual(await publish("210987654321"), "Allowed");
            assert.strictEqual(await publish(ACCOUNT, "false"), "ExplicitlyDenied");
        });

        it("evaluated: this region's alarms of this account publish; other regions' or accounts' not", async () => {
            const publish = (account: string, region: string) =>
                publishAs("cloudwatch.amazonaws.com", {
                    "aws:SourceAccount": account,
                    "aws:SourceArn": `arn:aws:cloudwatch:${region}:${account}:alarm:mlops-dev-serving-primary-5xx`,
                });
            assert.strictEqual(await publish(ACCOUNT, "us-east-1"), "Allowed");
            assert.notStrictEqual(await publish(ACCOUNT, "eu-west-1"), "Allowed");
            assert.notStrictEqual(await publish("210987654321", "us-east-1"), "Allowed");
        });

        it("the endpoint's alarms publish to the same topic", () => {
            const alarms = rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
            assert.ok(alarms.length > 0);
            for (const alarm of alarms)
                assert.deepStrictEqual(alarm.inputs.alarmActions, [topic.outputs.arn], alarm.name);
        });

        it("the budget, topic and policy carry the stack tags, and the whole pack raises nothing on them", async () => {
            for (const r of [topic, budget])
                assert.strictEqual((r.inputs.tags as Record<string, string>).environment, "dev");
            const violations = await runPolicyPack(rec.resources, {
                project: "mlops-platform",
                stack: "dev",
                environment: "dev",
                stackConfig,
            });
            const urns = new Set([topic.urn, budget.urn, topicPolicy.urn]);
            assert.deepStrictEqual(
                violations.filter((v) => v.urn !== undefined && urns.has(v.urn)),
                [],
            );
        });
    });
});

import * as assert from "assert";
import { cloudwatchAlarmActions, cloudwatchLogKms, cloudwatchLogRetention } from "../../policies/rules/cloudwatch";
import { checkResource } from "./harness";

const group = (props: Record<string, unknown>) => ({
    type: "aws:cloudwatch/logGroup:LogGroup",
    name: "airflow-task",
    props,
});
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";

describe("policies/cloudwatch", () => {
    it("cloudwatch-log-retention: passes 365 days in prod and 30 in dev", async () => {
        assert.deepStrictEqual(
            await checkResource(cloudwatchLogRetention, group({ retentionInDays: 365 }), {
                config: { environment: "prod" },
            }),
            [],
        );
        assert.deepStrictEqual(
            await checkResource(cloudwatchLogRetention, group({ retentionInDays: 30 }), {
                config: { environment: "dev" },
            }),
            [],
        );
    });
    it("cloudwatch-log-retention: reports no retention anywhere, and short retention in prod", async () => {
        assert.deepStrictEqual(
            await checkResource(cloudwatchLogRetention, group({}), { config: { environment: "dev" } }),
            ['log group "airflow-task" never expires; set retentionInDays.'],
        );
        assert.deepStrictEqual(
            await checkResource(cloudwatchLogRetention, group({ retentionInDays: 30 }), {
                config: { environment: "prod" },
            }),
            ['log group "airflow-task" keeps logs 30 days in prod; set retentionInDays to at least 365.'],
        );
    });
    it("cloudwatch-log-kms", async () => {
        assert.deepStrictEqual(await checkResource(cloudwatchLogKms, group({ kmsKeyId: KEY })), []);
        assert.deepStrictEqual(await checkResource(cloudwatchLogKms, group({})), [
            'log group "airflow-task" is not encrypted with KMS; set kmsKeyId.',
        ]);
    });
    it("cloudwatch-alarm-actions-enabled", async () => {
        const alarm = (props: Record<string, unknown>) => ({
            type: "aws:cloudwatch/metricAlarm:MetricAlarm",
            name: "invocation-errors",
            props,
        });
        assert.deepStrictEqual(
            await checkResource(cloudwatchAlarmActions, alarm({ comparisonOperator: "GreaterThanThreshold" })),
            [],
        );
        assert.deepStrictEqual(await checkResource(cloudwatchAlarmActions, alarm({ actionsEnabled: false })), [
            'alarm "invocation-errors" has actions disabled; set actionsEnabled to true.',
        ]);
    });
});

/**
 * ModelMonitor (engine model-monitor): the data-quality job definition over the endpoint's captured
 * data, its schedule, per-feature drift alarms and the failed-execution alarm; and the config
 * errors of `serving.monitoring`, each naming its key.
 */
import * as assert from "assert";
import { ConfigError } from "../../components/core/configErrors";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { ModelMonitor } from "../../components/serving/monitoring/modelMonitor";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { SERVERLESS_NETWORK } from "../support/platformConfigFixtures";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-4333-a444-555555555555`;
const T = {
    job: "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition",
    schedule: "aws:sagemaker/monitoringSchedule:MonitoringSchedule",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    rule: "aws:cloudwatch/eventRule:EventRule",
};
const plain = (v: unknown) => v as Record<string, any>;

async function plan(extra: Record<string, unknown>): Promise<ResourceRecorder> {
    const rec = startMockRun({ stack: "prod" });
    new ModelMonitor("monitor", {
        environment: "prod",
        endpointName: "segmentation",
        dataCaptureBucketName: "capture-bucket",
        dataCaptureBucketArn: "arn:aws:s3:::capture-bucket",
        baselineBucketName: "model-bucket",
        baselineBucketArn: "arn:aws:s3:::model-bucket",
        kmsKeyArn: KEY,
        defaultFeatures: ["recency", "frequency"],
        alarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:oncall`],
        ...extra,
    });
    await settle();
    return rec;
}

describe("ModelMonitor", () => {
    describe("daily, no baseline yet", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = await plan({});
        });
        it("reads the captured data of the endpoint and writes KMS-encrypted reports, without a baseline", () => {
            const job = plain(rec.named(T.job, "monitor").inputs);
            assert.strictEqual(job.dataQualityBaselineConfig, undefined, "a first deploy needs no baseline");
            assert.strictEqual(job.dataQualityJobInput.endpointInput.endpointName, "segmentation");
            assert.strictEqual(job.dataQualityJobOutputConfig.kmsKeyId, KEY);
            assert.strictEqual(
                job.dataQualityJobOutputConfig.monitoringOutputs.s3Output.s3Uri,
                "s3://capture-bucket/monitoring/segmentation/reports",
            );
        });
        it("runs daily on the job definition", () => {
            const schedule = rec.named(T.schedule, "monitor");
            const config = plain(schedule.inputs).monitoringScheduleConfig;
            assert.strictEqual(config.monitoringType, "DataQuality");
            assert.deepStrictEqual(config.scheduleConfig, { scheduleExpression: "cron(0 0 ? * * *)" });
            assert.ok(
                plain(schedule.propertyDependencies).monitoringScheduleConfig.includes(rec.named(T.job, "monitor").urn),
                "the schedule runs the job definition",
            );
        });
        it("alarms on each feature's drift and on failed executions, to alarmActions", () => {
            const alarms = rec.resources.filter((r) => r.type === T.alarm).map((a) => plain(a.inputs));
            assert.deepStrictEqual(
                alarms.map((a) => [a.name, a.metricName, a.period]),
                [
                    ["segmentation-drift-recency", "feature_baseline_drift_recency", 86400],
                    ["segmentation-drift-frequency", "feature_baseline_drift_frequency", 86400],
                    ["segmentation-monitoring-failed", "TriggeredRules", 300],
                ],
            );
            for (const a of alarms) assert.deepStrictEqual(a.alarmActions, [`arn:aws:sns:us-east-1:${ACCOUNT}:oncall`]);
            const pattern = JSON.parse(plain(rec.named(T.rule, "monitor-failed").inputs).eventPattern);
            assert.deepStrictEqual(pattern.detail.ProcessingJobStatus, ["Failed"]);
        });
    });

    it("hourly with a baseline: reads statistics and constraints from the baseline prefix", async () => {
        const rec = await plan({ frequency: "hourly", baselineReady: true, features: ["recency"] });
        const job = plain(rec.named(T.job, "monitor").inputs);
        assert.deepStrictEqual(job.dataQualityBaselineConfig, {
            statisticsResource: { s3Uri: "s3://model-bucket/monitoring/segmentation/baseline/statistics.json" },
            constraintsResource: { s3Uri: "s3://model-bucket/monitoring/segmentation/baseline/constraints.json" },
        });
        assert.strictEqual(
            plain(rec.named(T.schedule, "monitor").inputs).monitoringScheduleConfig.scheduleConfig.scheduleExpression,
            "cron(0 * ? * * *)",
        );
        assert.strictEqual(rec.resources.filter((r) => r.type === T.alarm).length, 2);
    });
});

describe("serving.monitoring config errors name the key", () => {
    const section = (monitoring: Record<string, unknown>) => ({
        endpointName: "segmentation",
        image: { tag: "v1" },
        variants: [{ name: "primary", instanceType: "ml.m5.large", initialInstanceCount: 1 }],
        dataCapture: { enabled: true },
        monitoring,
    });
    function rejects(monitoring: Record<string, unknown>, key: string, text: string) {
        let problems: string[] = [];
        try {
            parsePlatformConfig({
                environment: "dev",
                network: SERVERLESS_NETWORK,
                featureStore: {
                    project: "p",
                    featureViews: [{ name: "v", entity: "e", joinKey: "k", features: { recency: "int32" } }],
                },
                serving: section(monitoring),
            });
        } catch (err) {
            assert.ok(err instanceof ConfigError, String(err));
            problems = [...err.problems];
        }
        assert.strictEqual(problems.length, 1, problems.join("\n"));
        assert.ok(problems[0].startsWith(`mlops-platform:serving.monitoring.${key}: `), problems[0]);
        assert.ok(problems[0].includes(text), problems[0]);
    }
    it("engine is model-monitor or external", () => rejects({ engine: "clarify" }, "engine", "model-monitor"));
    it("frequency is hourly or daily", () => rejects({ frequency: "weekly" }, "frequency", "hourly"));
    it("an hourly execution ends within the hour", () =>
        rejects({ frequency: "hourly", maxRuntimeMinutes: 61 }, "maxRuntimeMinutes", "at most 60"));
    it("instanceType is a SageMaker type", () =>
        rejects({ instanceType: "m5.xlarge" }, "instanceType", "ml.m5.xlarge"));
    it("at most 50 alarmed features", () =>
        rejects({ features: Array.from({ length: 51 }, (_, i) => `f${i}`) }, "features", "at most 50"));
    it("feature names are column names", () => rejects({ features: ["bad-name"] }, "features[0]", "column name"));
    it("driftThreshold is in (0, 1]", () => rejects({ driftThreshold: 0 }, "driftThreshold", ""));
    it("the analyzer image is an ECR URI", () =>
        rejects({ analyzerImageUri: "docker.io/analyzer" }, "analyzerImageUri", "ECR image URI"));
    it("Model Monitor keys do not apply to engine external", () =>
        rejects({ engine: "external", frequency: "daily" }, "frequency", 'does not apply to engine "external"'));
    it("monitoring requires data capture", () => {
        let message = "";
        try {
            parsePlatformConfig({
                environment: "dev",
                network: SERVERLESS_NETWORK,
                featureStore: {
                    project: "p",
                    featureViews: [{ name: "v", entity: "e", joinKey: "k", features: { recency: "int32" } }],
                },
                serving: { ...section({}), dataCapture: { enabled: false } },
            });
        } catch (err) {
            message = (err as ConfigError).problems.join("\n");
        }
        assert.match(message, /^mlops-platform:serving\.monitoring: requires dataCapture\.enabled true/);
    });
});

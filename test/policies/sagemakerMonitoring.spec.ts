import * as assert from "assert";
import { sagemakerProdMonitoring } from "../../policies/rules/sagemakerMonitoring";
import { StackResource, checkStack, messages } from "./harness";

const CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
const ENDPOINT = "aws:sagemaker/endpoint:Endpoint";
const JOB = "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition";
const SCHEDULE = "aws:sagemaker/monitoringSchedule:MonitoringSchedule";
const PROD = { config: { environment: "prod" } };

const capture = { enableCapture: true, destinationS3Uri: "s3://capture/datacapture", kmsKeyId: "k" };
const base = (endpointTags: Record<string, string> = {}, captureConfig: unknown = capture): StackResource[] => [
    { type: CONFIG, name: "config", props: { name: "config-abc1234", dataCaptureConfig: captureConfig } },
    {
        type: ENDPOINT,
        name: "endpoint",
        props: { name: "customer-segmentation", endpointConfigName: "config-abc1234", tags: endpointTags },
    },
];
const job: StackResource = {
    type: JOB,
    name: "job",
    props: { name: "job-abc1234", dataQualityJobInput: { endpointInput: { endpointName: "customer-segmentation" } } },
};
const schedule: StackResource = {
    type: SCHEDULE,
    name: "schedule",
    props: {
        name: "customer-segmentation-data-quality",
        monitoringScheduleConfig: { monitoringJobDefinitionName: "job-abc1234" },
    },
};

describe("sagemaker-prod-monitoring", () => {
    it("passes a captured prod endpoint with a job definition on it and a schedule running it", async () => {
        assert.deepStrictEqual(await checkStack(sagemakerProdMonitoring, [...base(), job, schedule], PROD), []);
    });
    it("passes an endpoint tagged mlops-platform:monitoring=external, one without capture, and dev", async () => {
        assert.deepStrictEqual(
            await checkStack(sagemakerProdMonitoring, base({ "mlops-platform:monitoring": "external" }), PROD),
            [],
        );
        assert.deepStrictEqual(
            await checkStack(sagemakerProdMonitoring, base({}, { ...capture, enableCapture: false }), PROD),
            [],
        );
        assert.deepStrictEqual(
            await checkStack(sagemakerProdMonitoring, base(), { config: { environment: "dev" } }),
            [],
        );
    });
    it("reports a captured prod endpoint with no schedule, or a job definition that nothing schedules", async () => {
        const expected = [
            'endpoint "endpoint" captures inference data in prod but no MonitoringSchedule runs a ' +
                "DataQualityJobDefinition on it; set serving.monitoring (or tag it " +
                "mlops-platform:monitoring=external where Model Monitor is unavailable).",
        ];
        assert.deepStrictEqual(messages(await checkStack(sagemakerProdMonitoring, base(), PROD)), expected);
        assert.deepStrictEqual(messages(await checkStack(sagemakerProdMonitoring, [...base(), job], PROD)), expected);
        const otherEndpointJob = {
            ...job,
            props: {
                name: "job-abc1234",
                dataQualityJobInput: { endpointInput: { endpointName: "another-endpoint" } },
            },
        };
        assert.deepStrictEqual(
            messages(await checkStack(sagemakerProdMonitoring, [...base(), otherEndpointJob, schedule], PROD)),
            expected,
        );
    });
});

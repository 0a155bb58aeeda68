/**
 * SageMaker monitoring rule: in prod, an endpoint that captures inference data is watched by a
 * data-quality schedule of this stack, or says that it is monitored elsewhere.
 */
import { MlopsPolicy, framework } from "../lib/metadata";
import { ENVIRONMENT_CONFIG, environmentOf } from "../lib/environment";
import { isObject, known } from "../lib/resources";

const ENDPOINT_CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
const ENDPOINT = "aws:sagemaker/endpoint:Endpoint";
const JOB_DEFINITION = "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition";
const SCHEDULE = "aws:sagemaker/monitoringSchedule:MonitoringSchedule";
/** Endpoint tag by which a stack states its captured data is monitored outside it (Model Monitor refused). */
const MONITORING_TAG = "mlops-platform:monitoring";

/**
 * Prod: an endpoint that captures inference data has a data-quality job definition reading it and a
 * schedule running that definition, or says (tag `mlops-platform:monitoring=external`) that the data
 * is monitored elsewhere; AWS closed Model Monitor to new customers on 2026-07-30
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-byoc-cloudwatch.html).
 */
export const sagemakerProdMonitoring: MlopsPolicy = {
    name: "sagemaker-prod-monitoring",
    description:
        "In prod, every SageMaker endpoint with data capture is monitored: a DataQualityJobDefinition on " +
        "it and a MonitoringSchedule running it, or the tag mlops-platform:monitoring=external.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set serving.monitoring (engine model-monitor creates the job definition and schedule); where AWS " +
        "refuses Model Monitor, set engine external and monitor the capture prefix with your own job.",
    configSchema: ENVIRONMENT_CONFIG,
    ...framework({
        service: "SageMaker",
        rule: "prod: captured endpoint has a data-quality monitoring schedule",
        sources: ["ML"],
    }),
    validateStack: (args, report) => {
        if (environmentOf(args) !== "prod") return;
        const configs = args.resources.filter((r) => r.type === ENDPOINT_CONFIG);
        const definitions = args.resources.filter((r) => r.type === JOB_DEFINITION);
        const schedules = args.resources.filter((r) => r.type === SCHEDULE);
        for (const endpoint of args.resources.filter((r) => r.type === ENDPOINT)) {
            const config = configs.find(
                (c) =>
                    known(() => c.props.name) === known(() => endpoint.props.endpointConfigName) ||
                    (endpoint.propertyDependencies.endpointConfigName ?? []).some((d) => d.urn === c.urn),
            );
            const capture = config?.props.dataCaptureConfig;
            if (!isObject(capture) || capture.enableCapture === false) continue;
            if (isObject(endpoint.props.tags) && endpoint.props.tags[MONITORING_TAG] === "external") continue;
            const name = known(() => endpoint.props.name);
            const reading = definitions.filter((d) => {
                const input = d.props.dataQualityJobInput;
                const target =
                    isObject(input) && isObject(input.endpointInput) ? input.endpointInput.endpointName : undefined;
                return (
                    (typeof target === "string" && target === name) ||
                    (d.propertyDependencies.dataQualityJobInput ?? []).some((dep) => dep.urn === endpoint.urn)
                );
            });
            const scheduled = reading.some((d) =>
                schedules.some((s) => {
                    const cfg = s.props.monitoringScheduleConfig;
                    const ref = isObject(cfg) ? cfg.monitoringJobDefinitionName : undefined;
                    return (
                        (typeof ref === "string" && ref === known(() => d.props.name)) ||
                        (s.propertyDependencies.monitoringScheduleConfig ?? []).some((dep) => dep.urn === d.urn)
                    );
                }),
            );
            if (!scheduled)
                report(
                    `endpoint "${endpoint.name}" captures inference data in prod but no MonitoringSchedule ` +
                        `runs a DataQualityJobDefinition on it; set serving.monitoring (or tag it ` +
                        `${MONITORING_TAG}=external where Model Monitor is unavailable).`,
                    endpoint.urn,
                );
        }
    },
};

/**
 * Invariant: the stack's detective controls stay on — flow logs record ALL traffic, Redshift logs
 * user activity, the endpoint's rollback alarms exist in the stack, data capture samples requests, MWAA
 * logs at INFO or above and does not expose its configuration.
 */
import { MlopsPolicy, framework } from "../../lib/metadata";
import { asArray, isObject, known, objects, str } from "../../lib/resources";
import { stackIndex } from "../../lib/stackIndex";

/**
 * Redshift Serverless log exports a security review needs
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-audit-logging.html).
 */
const REDSHIFT_LOG_EXPORTS = ["userlog", "connectionlog", "useractivitylog"];
const MWAA_LOGS = ["dagProcessingLogs", "schedulerLogs", "taskLogs", "webserverLogs", "workerLogs"];

/** Detective controls stay on. */
export const invariantDetectiveControls: MlopsPolicy = {
    name: "invariant-detective-controls-on",
    description:
        "Flow logs record ALL traffic; Redshift exports user, connection and user-activity logs with " +
        "enable_user_activity_logging=true (AWS's workgroup default, not turned off); rollback alarms named by an " +
        "endpoint exist in the stack; enabled data capture samples more than 0% of requests; MWAA logs are not " +
        "DEBUG and webserver.expose_config is off.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Keep trafficType ALL, the three Redshift log exports and enable_user_activity_logging on (unset or true), " +
        "alarm names that match the stack's MetricAlarms, a data capture initialSamplingPercentage above 0, " +
        "INFO (or higher) MWAA log levels and no " +
        "webserver.expose_config.",
    ...framework({
        service: "Invariants",
        rule: "detective controls stay on",
        sources: ["ML", "EC2.6", "RedshiftServerless.6", "CKV_AWS_71"],
    }),
    validateStack: (args, report) => {
        const index = stackIndex(args.resources);
        for (const r of args.resources) {
            const p = (key: string) => known(() => r.props[key]);
            switch (r.type) {
                case "aws:ec2/flowLog:FlowLog":
                    if (p("trafficType") !== "ALL")
                        report(
                            `flow log "${r.name}" records ${String(p("trafficType"))} traffic only; set ` +
                                `trafficType ALL so rejected traffic is seen.`,
                            r.urn,
                        );
                    break;
                case "aws:redshiftserverless/namespace:Namespace": {
                    const exports = asArray(p("logExports"));
                    const missing = REDSHIFT_LOG_EXPORTS.filter((e) => !exports.includes(e));
                    if (missing.length > 0)
                        report(`Redshift namespace "${r.name}" does not export ${missing.join(", ")}.`, r.urn);
                    break;
                }
                case "aws:redshiftserverless/workgroup:Workgroup": {
                    // Unset is AWS's default for a new workgroup: true (go-to-k/cdk-real-drift#1441).
                    const param = objects(p("configParameters")).find(
                        (c) => c.parameterKey === "enable_user_activity_logging",
                    );
                    if (param !== undefined && param.parameterValue !== "true")
                        report(
                            `Redshift workgroup "${r.name}" sets enable_user_activity_logging=` +
                                `${String(param.parameterValue)}; the user activity log stays empty.`,
                            r.urn,
                        );
                    break;
                }
                case "aws:sagemaker/endpoint:Endpoint": {
                    const config = p("deploymentConfig");
                    const rollback =
                        isObject(config) && isObject(config.autoRollbackConfiguration)
                            ? config.autoRollbackConfiguration
                            : {};
                    for (const alarm of objects(rollback.alarms)) {
                        const name = str(alarm.alarmName);
                        if (name && !index.alarms.has(name))
                            report(
                                `endpoint "${r.name}" rolls back on alarm "${name}", which no MetricAlarm ` +
                                    `of this stack defines; the rollback can never fire.`,
                                r.urn,
                            );
                    }
                    break;
                }
                case "aws:sagemaker/endpointConfiguration:EndpointConfiguration": {
                    // DataCaptureConfig.InitialSamplingPercentage is "the percentage of requests SageMaker AI
                    // will capture" (0-100, SageMaker API reference): at 0 capture is on in name only, and the
                    // drift monitor reading it sees nothing.
                    const capture = p("dataCaptureConfig");
                    if (isObject(capture) && capture.enableCapture !== false && capture.initialSamplingPercentage === 0)
                        report(
                            `endpoint configuration "${r.name}" enables data capture at 0% sampling; nothing is ` +
                                `captured and the data-quality monitor has no input.`,
                            r.urn,
                        );
                    break;
                }
                case "aws:mwaa/environment:Environment": {
                    const logging = p("loggingConfiguration");
                    for (const kind of MWAA_LOGS) {
                        const cfg = isObject(logging) && isObject(logging[kind]) ? logging[kind] : undefined;
                        if (cfg && cfg.logLevel === "DEBUG")
                            report(
                                `MWAA "${r.name}" ${kind} log at DEBUG; DEBUG task logs print connections ` +
                                    `and variables. Use INFO.`,
                                r.urn,
                            );
                    }
                    const options = p("airflowConfigurationOptions");
                    if (isObject(options)) {
                        const expose = options["webserver.expose_config"];
                        if (expose !== undefined && !/^(false|0|no)$/i.test(String(expose)))
                            report(
                                `MWAA "${r.name}" sets webserver.expose_config=${String(expose)}; the UI ` +
                                    `would show the configuration.`,
                                r.urn,
                            );
                    }
                    break;
                }
            }
        }
    },
};

/** The auto-rollback alarms of an endpoint: per production variant, 5XX errors and p99 model latency. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rollbackAlarmNames } from "./endpointRole";
import { SERVING_DEFAULTS, VariantSpec } from "./servingSpec";
import type { Integer } from "../core/schemaPrimitives";

/** Inputs of `rollbackAlarms`. */
export interface RollbackAlarmScope {
    readonly endpointName: string;
    readonly variants: readonly VariantSpec[];
    readonly max5xxErrors?: Integer;
    readonly maxModelLatencyMs?: Integer;
    readonly alarmActions?: pulumi.Input<string>[];
    readonly tags: Record<string, string>;
}

/** Two alarms per variant, named by `rollbackAlarmNames` (the role may describe exactly those). */
export function rollbackAlarms(
    name: string,
    scope: RollbackAlarmScope,
    opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm[] {
    const { endpointName } = scope;
    const max5xx = scope.max5xxErrors ?? SERVING_DEFAULTS.max5xxErrors;
    const maxLatencyMs = scope.maxModelLatencyMs ?? SERVING_DEFAULTS.maxModelLatencyMs;
    return scope.variants.flatMap((v) => {
        const [errorsName, latencyName] = rollbackAlarmNames(endpointName, v.name);
        const common = {
            namespace: "AWS/SageMaker",
            dimensions: { EndpointName: endpointName, VariantName: v.name },
            period: 60,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            actionsEnabled: true,
            alarmActions: scope.alarmActions ?? [],
            tags: scope.tags,
        };
        return [
            new aws.cloudwatch.MetricAlarm(
                `${name}-${v.name}-5xx`,
                {
                    ...common,
                    name: errorsName,
                    alarmDescription:
                        `Endpoint ${endpointName}, variant ${v.name}: ≥ ${max5xx} 5XX errors a minute; ` +
                        "rolls back a deployment",
                    metricName: "Invocation5XXErrors",
                    statistic: "Sum",
                    threshold: max5xx,
                    evaluationPeriods: 2,
                    datapointsToAlarm: 2,
                },
                opts,
            ),
            new aws.cloudwatch.MetricAlarm(
                `${name}-${v.name}-latency`,
                {
                    ...common,
                    name: latencyName,
                    alarmDescription:
                        `Endpoint ${endpointName}, variant ${v.name}: p99 model latency ≥ ${maxLatencyMs} ms; ` +
                        "rolls back a deployment",
                    metricName: "ModelLatency",
                    extendedStatistic: "p99",
                    // ModelLatency is reported in microseconds.
                    threshold: maxLatencyMs * 1000,
                    evaluationPeriods: 3,
                    datapointsToAlarm: 3,
                },
                opts,
            ),
        ];
    });
}

/**
 * The endpoint's `deploymentConfig` as data: a blue/green update policy (all-at-once, canary,
 * linear) or a rolling update policy, each with auto-rollback on the component's alarms.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DeploymentSpec } from "./servingSpec";

type DeploymentConfig = aws.types.input.sagemaker.EndpointDeploymentConfig;

const TRAFFIC_TYPES = { "all-at-once": "ALL_AT_ONCE", canary: "CANARY", linear: "LINEAR" } as const;

/** Sizes in percent of the variant's capacity (SageMaker's CapacitySize with type CAPACITY_PERCENT). */
const percent = (value: number) => ({ type: "CAPACITY_PERCENT", value });

/** The deployment config for a resolved deployment and its rollback alarms. */
export function deploymentConfig(d: DeploymentSpec, alarmNames: pulumi.Input<string>[]): DeploymentConfig {
    const autoRollbackConfiguration = { alarms: alarmNames.map((alarmName) => ({ alarmName })) };
    if (d.strategy === "rolling") {
        // RollingUpdatePolicy: batch size, baking period per batch, rollback batch (whole fleet when unset),
        // execution timeout (https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-rolling.html).
        return {
            rollingUpdatePolicy: {
                maximumBatchSize: percent(d.batchPercent!),
                waitIntervalInSeconds: d.waitIntervalSeconds,
                maximumExecutionTimeoutInSeconds: d.maximumExecutionTimeoutSeconds,
                ...(d.rollbackBatchPercent !== undefined
                    ? { rollbackMaximumBatchSize: percent(d.rollbackBatchPercent) }
                    : {}),
            },
            autoRollbackConfiguration,
        };
    }
    return {
        blueGreenUpdatePolicy: {
            trafficRoutingConfiguration: {
                type: TRAFFIC_TYPES[d.strategy],
                waitIntervalInSeconds: d.waitIntervalSeconds,
                ...(d.canaryPercent !== undefined ? { canarySize: percent(d.canaryPercent) } : {}),
                ...(d.linearStepPercent !== undefined ? { linearStepSize: percent(d.linearStepPercent) } : {}),
            },
            terminationWaitInSeconds: d.terminationWaitSeconds,
            maximumExecutionTimeoutInSeconds: d.maximumExecutionTimeoutSeconds,
        },
        autoRollbackConfiguration,
    };
}

/** Minutes one update may take: the execution timeout plus the final wait, for the Endpoint's custom timeout. */
export function deploymentMinutes(d: DeploymentSpec | undefined): number {
    return d !== undefined ? Math.ceil((d.maximumExecutionTimeoutSeconds + d.terminationWaitSeconds) / 60) : 0;
}

/** The endpoint's timeouts: creating instances takes minutes; an update runs the whole deployment. */
export function endpointTimeouts(d: DeploymentSpec | undefined): { create: string; update: string; delete: string } {
    return { create: "60m", update: `${Math.max(60, deploymentMinutes(d) + 30)}m`, delete: "30m" };
}

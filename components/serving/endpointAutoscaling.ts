/**
 * Autoscaling of the endpoint's variants: target tracking on invocations per instance (real-time),
 * or on the queue backlog per instance (asynchronous), which may scale to zero and then scales out
 * from zero on `HasBacklogWithoutCapacity`
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html).
 *
 * The targets' resourceId comes from the endpoint's output and the autoscaling key's
 * (scalingTargetKey.ts), so they are registered only once the endpoint exists, and a change of an
 * autoscaled variant's instance type (or its removal) deregisters them before the endpoint update, as
 * SageMaker requires. Targets and policies keep their resourceId across a replacement, so they are
 * replaced delete-before-replace (deleting the old one after would deregister the new one).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AsyncInferenceSpec } from "./asyncSettings";
import { ScalingTargetKey } from "./scalingTargetKey";
import { VariantSpec } from "./servingSpec";

/** Inputs of the autoscaling builders. */
export interface AutoscalingScope {
    readonly endpointName: string;
    /** The endpoint's name output (the targets wait for the endpoint). */
    readonly endpoint: pulumi.Output<string>;
    /** The autoscaling key the endpoint depends on (the targets' resourceId reads it). */
    readonly key: ScalingTargetKey;
    readonly variants: readonly VariantSpec[];
    readonly tags: Record<string, string>;
}

function scalableTarget(
    name: string,
    scope: AutoscalingScope,
    variant: string,
    min: number,
    max: number,
    opts: pulumi.CustomResourceOptions,
): aws.appautoscaling.Target {
    return new aws.appautoscaling.Target(
        name,
        {
            serviceNamespace: "sagemaker",
            resourceId: pulumi
                .all([scope.key.endpointName, scope.endpoint])
                .apply(([endpointName]) => `endpoint/${endpointName}/variant/${variant}`),
            scalableDimension: "sagemaker:variant:DesiredInstanceCount",
            minCapacity: min,
            maxCapacity: max,
            tags: scope.tags,
        },
        opts,
    );
}

/** Real-time: target tracking on `SageMakerVariantInvocationsPerInstance` for variants that ask for it. */
export function invocationAutoscaling(name: string, scope: AutoscalingScope, parent: pulumi.Resource): void {
    const opts = { parent, deleteBeforeReplace: true };
    for (const v of scope.variants) {
        if (v.autoscaling === undefined) continue;
        const a = v.autoscaling;
        const target = scalableTarget(`${name}-${v.name}`, scope, v.name, a.minInstances, a.maxInstances, opts);
        new aws.appautoscaling.Policy(
            `${name}-${v.name}`,
            {
                policyType: "TargetTrackingScaling",
                serviceNamespace: target.serviceNamespace,
                resourceId: target.resourceId,
                scalableDimension: target.scalableDimension,
                targetTrackingScalingPolicyConfiguration: {
                    targetValue: a.invocationsPerInstance,
                    predefinedMetricSpecification: { predefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
                    scaleInCooldown: a.scaleInCooldownSeconds,
                    scaleOutCooldown: a.scaleOutCooldownSeconds,
                },
            },
            opts,
        );
    }
}

/**
 * Asynchronous: every variant tracks `ApproximateBacklogSizePerInstance` (AWS/SageMaker, dimension
 * EndpointName, Average). With `minInstances` 0, target tracking alone starts instances only once the
 * backlog exceeds the target, so a step policy adds one instance as soon as
 * `HasBacklogWithoutCapacity` is 1 (AWS's "scale up from zero" policy).
 */
export function backlogAutoscaling(
    name: string,
    scope: AutoscalingScope,
    spec: AsyncInferenceSpec,
    parent: pulumi.Resource,
): void {
    const s = spec.scaling;
    if (s === undefined) return;
    const opts = { parent, deleteBeforeReplace: true };
    for (const v of scope.variants) {
        const target = scalableTarget(`${name}-${v.name}`, scope, v.name, s.minInstances, s.maxInstances, opts);
        const onTarget = {
            serviceNamespace: target.serviceNamespace,
            resourceId: target.resourceId,
            scalableDimension: target.scalableDimension,
        };
        new aws.appautoscaling.Policy(
            `${name}-${v.name}-backlog`,
            {
                policyType: "TargetTrackingScaling",
                ...onTarget,
                targetTrackingScalingPolicyConfiguration: {
                    targetValue: s.backlogPerInstance,
                    customizedMetricSpecification: {
                        metricName: "ApproximateBacklogSizePerInstance",
                        namespace: "AWS/SageMaker",
                        dimensions: [{ name: "EndpointName", value: scope.endpoint }],
                        statistic: "Average",
                    },
                    scaleInCooldown: s.scaleInCooldownSeconds,
                    scaleOutCooldown: s.scaleOutCooldownSeconds,
                },
            },
            opts,
        );
        if (s.minInstances > 0) continue;
        const fromZero = new aws.appautoscaling.Policy(
            `${name}-${v.name}-from-zero`,
            {
                policyType: "StepScaling",
                ...onTarget,
                stepScalingPolicyConfiguration: {
                    adjustmentType: "ChangeInCapacity",
                    metricAggregationType: "Average",
                    cooldown: s.scaleOutCooldownSeconds,
                    stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }],
                },
            },
            opts,
        );
        new aws.cloudwatch.MetricAlarm(
            `${name}-${v.name}-backlog-without-capacity`,
            {
                alarmDescription: `Endpoint ${scope.endpointName}: requests queued with no instance; starts one`,
                namespace: "AWS/SageMaker",
                metricName: "HasBacklogWithoutCapacity",
                dimensions: { EndpointName: scope.endpoint },
                statistic: "Average",
                period: 60,
                evaluationPeriods: 2,
                datapointsToAlarm: 2,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "missing",
                alarmActions: [fromZero.arn],
                tags: scope.tags,
            },
            opts,
        );
    }
}

/**
 * The `ModelMonitor` of an endpoint whose monitoring engine is model-monitor: it reads the capture
 * bucket, keeps its baseline in the model bucket, uses the stack key, and runs in the endpoint's VPC.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ModelEndpointArgs } from "./modelEndpoint";
import { ModelMonitor } from "./monitoring/modelMonitor";

/** Registers `<name>-monitor` for the endpoint `endpoint` (its name output orders the job after it). */
export function endpointModelMonitor(
    name: string,
    args: ModelEndpointArgs,
    endpoint: pulumi.Output<string>,
    parent: pulumi.Resource,
): ModelMonitor {
    const inVpc = args.vpcId !== undefined || args.subnetIds !== undefined;
    return new ModelMonitor(
        `${name}-monitor`,
        {
            ...args.monitoring,
            environment: args.environment,
            endpointName: args.endpointName,
            endpoint,
            dataCaptureBucketName: args.dataCaptureBucketName!,
            dataCaptureBucketArn: args.dataCaptureBucketArn!,
            baselineBucketName: args.modelBucketName,
            baselineBucketArn: args.modelBucketArn,
            kmsKeyArn: args.kmsKeyArn,
            defaultFeatures: args.monitoredFeatures ?? [],
            alarmActions: args.alarmActions,
            ...(inVpc ? { vpcId: args.vpcId!, subnetIds: args.subnetIds! } : {}),
            tags: args.tags,
        },
        { parent },
    );
}

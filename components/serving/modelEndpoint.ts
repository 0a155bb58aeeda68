import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { httpsEgressOnlySecurityGroup } from "../core/securityGroups";
import { ConfigError, validateComponentArgs } from "../core/configErrors";
import { awsContext } from "../core/context";
import { Environment } from "../core/environment";
import { bucketObjectsArn, policyDocument, serviceTrustPolicy } from "../core/iam";
import { stackTags } from "../core/tags";
import { EndpointSettings } from "./endpointArgs";
import { endpointRoleStatements, EndpointRoleScope, rollbackAlarmNames } from "./endpointRole";
import { createVariantAutoscaling, scalingTargetKey } from "./autoscaling";
import { containerEnvironmentCountProblems, variantContainerEnvironment } from "./containerEnvironment";
import { acceptsVolumeKey } from "./instanceStorage";
import { lineageTags, modelLineage } from "./lineage";
import { ModelMonitor } from "./monitoring/modelMonitor";
import { MONITORING_ENGINE_TAG, resolveMonitoring } from "./monitoring/monitoringSettings";
import { servingSchemaFor } from "./servingSchema";
import {
    ExpectedEndpoint,
    expectedImage,
    resolveDataCapture,
    resolveDeployment,
    resolveVariants,
    SERVING_DEFAULTS,
    VariantSpec,
} from "./servingSpec";

/** Arguments of `ModelEndpoint`: the config settings plus the repository, buckets, tables and key it uses. */
export interface ModelEndpointArgs extends EndpointSettings {
    /** Deployment environment; prod requires ≥ 2 instances per variant, data capture and a deployment config. */
    readonly environment: Environment;
    /** Serving image repository URL (from `ModelRegistry`). */
    readonly repositoryUrl: pulumi.Input<string>;
    /** Serving image repository ARN (the role may pull from this repository only). */
    readonly repositoryArn: pulumi.Input<string>;
    /** Customer-managed KMS key: endpoint storage, data capture, and what the role may decrypt. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Bucket holding model artifacts (the model-registry bucket). */
    readonly modelBucketName: pulumi.Input<string>;
    /** ARN of the model artifact bucket. */
    readonly modelBucketArn: pulumi.Input<string>;
    /** Key prefix of this endpoint's artifacts; the role reads only below it. Default: `models/<endpointName>/`. */
    readonly modelArtifactPrefix?: string;
    /** DynamoDB online-store tables the container reads features from (GetItem/BatchGetItem/Query only). */
    readonly featureTableArns: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * ARN of the Feast registry object (`arn:aws:s3:::<bucket>/registry.db`). Set it when the container
     * uses the Feast SDK (`get_online_features` loads the registry from S3): the role may read exactly
     * that object. Default: none (the container reads DynamoDB directly).
     */
    readonly featureRegistryObjectArn?: pulumi.Input<string>;
    /** Bucket data capture writes to (required when capture is enabled). */
    readonly dataCaptureBucketName?: pulumi.Input<string>;
    /** ARN of the data-capture bucket. */
    readonly dataCaptureBucketArn?: pulumi.Input<string>;
    /** SNS topics notified when an alarm fires. Default: none. */
    readonly alarmActions?: pulumi.Input<string>[];
    /** Run the models in this VPC (private subnets, own security group). Default: no VPC. */
    readonly vpcId?: pulumi.Input<string>;
    /** Private subnets for the models (required with vpcId). */
    readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Container environment shared by every variant (e.g. Feast project and online tables). */
    readonly environmentVariables?: Record<string, pulumi.Input<string>>;
    /** Features the drift alarms cover when `monitoring.features` is unset (the feature views' features). */
    readonly monitoredFeatures?: string[];
    /** Tags added to the required ones. */
    readonly tags?: Record<string, string>;
}

/**
 * A SageMaker real-time endpoint for the online model (a container with `GET /ping` and
 * `POST /invocations` that reads features from the DynamoDB online store):
 *
 * - an execution role trusted by SageMaker for this account only, allowed exactly what the
 *   container and SageMaker need on this stack's resources;
 * - one auto-named `aws.sagemaker.Model` per variant, and an auto-named endpoint configuration
 *   (KMS, typed variants, data capture), so any change replaces them create-before-delete while
 *   the endpoint keeps serving;
 * - the endpoint under a stable name, updated blue/green (all-at-once, canary or linear) with
 *   auto-rollback on 5XX-error and model-latency alarms per variant;
 * - target-tracking autoscaling per instance-based variant that asks for it.
 */
export class ModelEndpoint extends pulumi.ComponentResource {
    /** Endpoint name. */
    public readonly endpointName: pulumi.Output<string>;
    /** Endpoint ARN. */
    public readonly endpointArn: pulumi.Output<string>;
    /** Name of the endpoint configuration currently deployed by the stack. */
    public readonly endpointConfigName: pulumi.Output<string>;
    /** Execution role ARN (the role the registry must let pull). */
    public readonly roleArn: pulumi.Output<string>;
    /** Model names by variant. */
    public readonly modelNames: pulumi.Output<Record<string, string>>;
    /** Rollback alarm names. */
    public readonly alarmNames: pulumi.Output<string[]>;
    /** `s3://` destination of data capture (when enabled). */
    public readonly dataCaptureDestination?: pulumi.Output<string>;
    /** Security group of the models (VPC only). */
    public readonly securityGroupId?: pulumi.Output<string>;
    /** Model Monitor schedule name (monitoring engine model-monitor). */
    public readonly monitoringScheduleName?: pulumi.Output<string>;
    /** Model Monitor execution role ARN (monitoring engine model-monitor). */
    public readonly monitoringRoleArn?: pulumi.Output<string>;
    /** `s3://` prefix the baselining step writes statistics.json and constraints.json to. */
    public readonly monitoringBaselineUri?: pulumi.Output<string>;
    /** What `npm run verify` expects to find live (exported by the stack as `servingExpected`). */
    public readonly expected: pulumi.Output<ExpectedEndpoint>;

    constructor(name: string, args: ModelEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlops-platform:index:ModelEndpoint", name, {}, opts);
        const inVpc = args.vpcId !== undefined || args.subnetIds !== undefined;
        validateComponentArgs(`ModelEndpoint ${name}`, servingSchemaFor(args.environment), {
            endpointName: args.endpointName,
            image: args.image,
            variants: args.variants,
            dataCapture: args.dataCapture,
            deployment: args.deployment,
            alarms: args.alarms,
            monitoring: args.monitoring,
            ...(inVpc ? { vpc: true } : {}),
        });
        const capture = resolveDataCapture(args);
        const problems: string[] = [];
        if (inVpc && (args.vpcId === undefined || args.subnetIds === undefined)) {
            problems.push(
                `${args.vpcId === undefined ? "vpcId" : "subnetIds"}: is required when ${args.vpcId === undefined ? "subnetIds" : "vpcId"} is set`,
            );
        }
        if (capture.enabled && (args.dataCaptureBucketName === undefined || args.dataCaptureBucketArn === undefined)) {
            problems.push("dataCaptureBucketName/dataCaptureBucketArn: are required when dataCapture.enabled is true");
        }
        if (Array.isArray(args.featureTableArns) && args.featureTableArns.length === 0) {
            problems.push(
                "featureTableArns: must list at least one online-store table (the container reads its features from DynamoDB)",
            );
        }
        const artifactPrefix = args.modelArtifactPrefix ?? SERVING_DEFAULTS.modelArtifactPrefix(args.endpointName);
        if (!/^[^/].*\/$/.test(artifactPrefix)) {
            problems.push(
                `modelArtifactPrefix: must be a key prefix ending with "/" and not starting with "/" (got "${artifactPrefix}")`,
            );
        }
        problems.push(
            ...containerEnvironmentCountProblems("", args.environmentVariables ?? {}, args.image, args.variants),
        );
        if (problems.length > 0) throw new ConfigError(problems, `arguments of ModelEndpoint ${name}`);

        const tags = stackTags(args.environment, args.tags);
        const child = { parent: this };
        const { accountId, region, partition } = awsContext(this);
        const variants = resolveVariants(args.environment, args);
        const deployment = resolveDeployment(args);
        const endpointName = args.endpointName;
        const monitoring = args.monitoring !== undefined ? resolveMonitoring(args.monitoring) : undefined;

        // ---- Execution role: exactly what the container and SageMaker need, on this stack's ARNs ----
        const role = new aws.iam.Role(
            name,
            {
                description: `SageMaker endpoint ${endpointName}: pull its image, read its model and features, write capture and logs`,
                assumeRolePolicy: serviceTrustPolicy(["sagemaker.amazonaws.com"], accountId),
                maxSessionDuration: 3600,
                tags,
            },
            child,
        );
        const captureDestination = capture.enabled
            ? pulumi.interpolate`s3://${args.dataCaptureBucketName}/${SERVING_DEFAULTS.dataCapturePrefix}`
            : undefined;
        let securityGroupIds: pulumi.Output<string>[] | undefined;
        let vpcNetwork: EndpointRoleScope["vpc"];
        if (inVpc) {
            const securityGroup = httpsEgressOnlySecurityGroup(
                name,
                {
                    vpcId: args.vpcId!,
                    description: `SageMaker endpoint ${endpointName}: no inbound; HTTPS out to AWS APIs (DynamoDB, S3, ECR)`,
                    tags,
                },
                child,
            );
            this.securityGroupId = securityGroup.id;
            securityGroupIds = [securityGroup.id];
            vpcNetwork = { subnetIds: args.subnetIds!, securityGroupId: securityGroup.id };
        }
        const statements = endpointRoleStatements({
            endpointName,
            accountId,
            region,
            partition,
            repositoryArn: args.repositoryArn,
            modelObjectsArn: bucketObjectsArn(args.modelBucketArn, artifactPrefix),
            featureTableArns: args.featureTableArns,
            featureRegistryObjectArn: args.featureRegistryObjectArn,
            dataCaptureBucketArn: capture.enabled ? args.dataCaptureBucketArn : undefined,
            kmsKeyArn: args.kmsKeyArn,
            vpc: vpcNetwork,
            rollbackAlarmNames:
                deployment !== undefined
                    ? variants.flatMap((v) => rollbackAlarmNames(endpointName, v.name))
                    : undefined,
        });
        const rolePolicy = new aws.iam.RolePolicy(name, { role: role.id, policy: policyDocument(statements) }, child);

        // ---- Models: one per variant, auto-named, replaced create-before-delete ----
        const image =
            args.image.digest !== undefined
                ? pulumi.interpolate`${args.repositoryUrl}@${args.image.digest}`
                : pulumi.interpolate`${args.repositoryUrl}:${args.image.tag}`;
        const models = args.variants.map((v) => {
            const artifactKey = v.modelDataKey !== undefined ? `${artifactPrefix}${v.modelDataKey}` : undefined;
            const lineage = modelLineage(args.image, v.name, artifactKey);
            const environment = variantContainerEnvironment(
                args.environmentVariables ?? {},
                args.image,
                v,
                artifactKey,
            );
            return new aws.sagemaker.Model(
                `${name}-${v.name}`,
                {
                    executionRoleArn: role.arn,
                    primaryContainer: {
                        image,
                        mode: "SingleModel",
                        ...(v.modelDataKey !== undefined
                            ? {
                                  modelDataUrl: pulumi.interpolate`s3://${args.modelBucketName}/${artifactPrefix}${v.modelDataKey}`,
                              }
                            : {}),
                        environment,
                    },
                    // The container calls DynamoDB: network isolation would cut it off. Isolation comes from the VPC instead.
                    enableNetworkIsolation: false,
                    ...(securityGroupIds !== undefined
                        ? { vpcConfig: { securityGroupIds, subnets: args.subnetIds! } }
                        : {}),
                    tags: { ...tags, ...lineageTags(lineage) },
                },
                // The role's permissions must exist before SageMaker uses the role.
                { parent: this, dependsOn: [rolePolicy] },
            );
        });

        // ---- Endpoint configuration: auto-named, never protected ----
        const endpointConfig = new aws.sagemaker.EndpointConfiguration(
            name,
            {
                // No volume key on local-NVMe instance types: SageMaker refuses it there (instanceStorage.ts);
                // data capture below stays encrypted with the stack key either way.
                ...(acceptsVolumeKey(variants) ? { kmsKeyArn: args.kmsKeyArn } : {}),
                productionVariants: variants.map((v, i) => productionVariant(v, models[i].name)),
                ...(capture.enabled
                    ? {
                          dataCaptureConfig: {
                              enableCapture: true,
                              initialSamplingPercentage: capture.samplingPercentage,
                              destinationS3Uri: captureDestination!,
                              kmsKeyId: args.kmsKeyArn,
                              captureOptions: [
                                  ...(capture.captureInput ? [{ captureMode: "Input" }] : []),
                                  ...(capture.captureOutput ? [{ captureMode: "Output" }] : []),
                              ],
                              captureContentTypeHeader: {
                                  csvContentTypes: capture.csvContentTypes,
                                  jsonContentTypes: capture.jsonContentTypes,
                              },
                          },
                      }
                    : {}),
                tags,
            },
            child,
        );

        // ---- Rollback alarms: per variant, 5XX errors and p99 model latency ----
        const max5xx = args.alarms?.max5xxErrors ?? SERVING_DEFAULTS.max5xxErrors;
        const maxLatencyMs = args.alarms?.maxModelLatencyMs ?? SERVING_DEFAULTS.maxModelLatencyMs;
        const alarms = variants.flatMap((v) => {
            const common = {
                namespace: "AWS/SageMaker",
                dimensions: { EndpointName: endpointName, VariantName: v.name },
                period: 60,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                actionsEnabled: true,
                alarmActions: args.alarmActions ?? [],
                tags,
            };
            return [
                new aws.cloudwatch.MetricAlarm(
                    `${name}-${v.name}-5xx`,
                    {
                        ...common,
                        name: rollbackAlarmNames(endpointName, v.name)[0],
                        alarmDescription: `Endpoint ${endpointName}, variant ${v.name}: ≥ ${max5xx} 5XX errors a minute; rolls back a blue/green deployment`,
                        metricName: "Invocation5XXErrors",
                        statistic: "Sum",
                        threshold: max5xx,
                        evaluationPeriods: 2,
                        datapointsToAlarm: 2,
                    },
                    child,
                ),
                new aws.cloudwatch.MetricAlarm(
                    `${name}-${v.name}-latency`,
                    {
                        ...common,
                        name: rollbackAlarmNames(endpointName, v.name)[1],
                        alarmDescription: `Endpoint ${endpointName}, variant ${v.name}: p99 model latency ≥ ${maxLatencyMs} ms; rolls back a blue/green deployment`,
                        metricName: "ModelLatency",
                        extendedStatistic: "p99",
                        // ModelLatency is reported in microseconds.
                        threshold: maxLatencyMs * 1000,
                        evaluationPeriods: 3,
                        datapointsToAlarm: 3,
                    },
                    child,
                ),
            ];
        });

        // ---- Endpoint: stable name, blue/green updates with auto-rollback ----
        const scalingKey = scalingTargetKey(this, name, endpointName, variants);
        const deploymentMinutes =
            deployment !== undefined
                ? Math.ceil((deployment.maximumExecutionTimeoutSeconds + deployment.terminationWaitSeconds) / 60)
                : 0;
        const endpoint = new aws.sagemaker.Endpoint(
            name,
            {
                name: endpointName,
                endpointConfigName: endpointConfig.name,
                ...(deployment !== undefined
                    ? {
                          deploymentConfig: {
                              blueGreenUpdatePolicy: {
                                  trafficRoutingConfiguration: {
                                      type: { "all-at-once": "ALL_AT_ONCE", canary: "CANARY", linear: "LINEAR" }[
                                          deployment.strategy
                                      ],
                                      waitIntervalInSeconds: deployment.waitIntervalSeconds,
                                      ...(deployment.canaryPercent !== undefined
                                          ? {
                                                canarySize: {
                                                    type: "CAPACITY_PERCENT",
                                                    value: deployment.canaryPercent,
                                                },
                                            }
                                          : {}),
                                      ...(deployment.linearStepPercent !== undefined
                                          ? {
                                                linearStepSize: {
                                                    type: "CAPACITY_PERCENT",
                                                    value: deployment.linearStepPercent,
                                                },
                                            }
                                          : {}),
                                  },
                                  terminationWaitInSeconds: deployment.terminationWaitSeconds,
                                  maximumExecutionTimeoutInSeconds: deployment.maximumExecutionTimeoutSeconds,
                              },
                              autoRollbackConfiguration: { alarms: alarms.map((a) => ({ alarmName: a.name })) },
                          },
                      }
                    : {}),
                // The policy pack accepts a captured prod endpoint without a schedule only when it says who monitors it.
                tags: monitoring?.engine === "external" ? { ...tags, [MONITORING_ENGINE_TAG]: "external" } : tags,
            },
            {
                parent: this,
                // After the autoscaling key: its replacement deregisters targets before this update (autoscaling.ts).
                dependsOn: scalingKey !== undefined ? [scalingKey] : [],
                // Creating instances takes minutes; an update runs the whole blue/green deployment.
                customTimeouts: { create: "60m", update: `${Math.max(60, deploymentMinutes + 30)}m`, delete: "30m" },
            },
        );

        // ---- Autoscaling: deregistered before, and registered after, an endpoint update that needs it ----
        if (scalingKey !== undefined) {
            createVariantAutoscaling(this, name, { key: scalingKey, endpoint, variants, tags });
        }

        // ---- Data-quality monitoring of the captured data (engine model-monitor) ----
        if (monitoring?.engine === "model-monitor") {
            const monitor = new ModelMonitor(
                `${name}-monitor`,
                {
                    ...args.monitoring,
                    environment: args.environment,
                    endpointName,
                    endpoint: endpoint.name,
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
                child,
            );
            this.monitoringScheduleName = monitor.scheduleName;
            this.monitoringRoleArn = monitor.roleArn;
            this.monitoringBaselineUri = monitor.baselineUri;
        }

        this.endpointName = endpoint.name;
        this.endpointArn = endpoint.arn;
        this.endpointConfigName = endpointConfig.name;
        this.roleArn = role.arn;
        this.modelNames = pulumi
            .output(Object.fromEntries(variants.map((v, i) => [v.name, models[i].name])))
            .apply((m): Record<string, string> => m);
        this.alarmNames = pulumi.all(alarms.map((a) => a.name));
        this.dataCaptureDestination = captureDestination;
        this.expected = pulumi
            .all([endpoint.name, endpointConfig.name, captureDestination ?? pulumi.output(undefined)])
            .apply(([endpointName, endpointConfigName, destinationS3Uri]): ExpectedEndpoint => ({
                endpointName,
                endpointConfigName,
                image: expectedImage(args.image),
                variants,
                dataCapture: {
                    enabled: capture.enabled,
                    samplingPercentage: capture.samplingPercentage,
                    destinationPrefix: SERVING_DEFAULTS.dataCapturePrefix,
                    ...(destinationS3Uri !== undefined ? { destinationS3Uri } : {}),
                },
            }));
        this.registerOutputs({
            endpointName: this.endpointName,
            endpointArn: this.endpointArn,
            endpointConfigName: this.endpointConfigName,
            roleArn: this.roleArn,
            modelNames: this.modelNames,
            alarmNames: this.alarmNames,
            dataCaptureDestination: this.dataCaptureDestination,
            securityGroupId: this.securityGroupId,
            monitoringScheduleName: this.monitoringScheduleName,
            monitoringRoleArn: this.monitoringRoleArn,
            monitoringBaselineUri: this.monitoringBaselineUri,
            expected: this.expected,
        });
    }
}

/** The endpoint configuration's production variant for a resolved variant. */
function productionVariant(
    v: VariantSpec,
    modelName: pulumi.Output<string>,
): aws.types.input.sagemaker.EndpointConfigurationProductionVariant {
    if (v.serverless !== undefined) {
        return {
            variantName: v.name,
            modelName,
            initialVariantWeight: v.weight,
            serverlessConfig: {
                memorySizeInMb: v.serverless.memoryMb,
                maxConcurrency: v.serverless.maxConcurrency,
                ...(v.serverless.provisionedConcurrency !== undefined
                    ? { provisionedConcurrency: v.serverless.provisionedConcurrency }
                    : {}),
            },
        };
    }
    return {
        variantName: v.name,
        modelName,
        instanceType: v.instanceType,
        initialInstanceCount: v.initialInstanceCount,
        initialVariantWeight: v.weight,
    };
}

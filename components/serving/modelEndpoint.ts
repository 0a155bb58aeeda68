import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, validateComponentArgs } from "../core/configErrors";
import { awsContext } from "../core/context";
import { Environment } from "../core/environment";
import { stackTags } from "../core/tags";
import { resolveAsyncInference } from "./asyncSettings";
import { deploymentConfig, endpointTimeouts } from "./deploymentConfig";
import { backlogAutoscaling, invocationAutoscaling } from "./endpointAutoscaling";
import { EndpointSettings } from "./endpointArgs";
import { asyncInferenceConfig, dataCaptureConfig, productionVariant, volumeKey } from "./endpointConfig";
import { endpointAccess } from "./endpointAccess";
import { rollbackAlarmNames } from "./endpointRole";
import { endpointArgProblems } from "./endpointArgChecks";
import { endpointModelMonitor } from "./endpointMonitoring";
import { variantModels } from "./endpointModels";
import { modelPackageGroup } from "./modelPackageGroup";
import { pullOnlyByRolesPolicy } from "../core/ecrRepository";
import { scalingTargetKey } from "./scalingTargetKey";
import { MONITORING_ENGINE_TAG, resolveMonitoring } from "./monitoring/monitoringSettings";
import { rollbackAlarms } from "./rollbackAlarms";
import { servingSchemaFor } from "./servingSchema";
import {
    ExpectedEndpoint,
    expectedEndpoint,
    expectedLineage,
    resolveDataCapture,
    resolveDeployment,
    resolveShadowVariants,
    resolveVariants,
    SERVING_DEFAULTS,
} from "./servingSpec";

/** Arguments of `ModelEndpoint`: the config settings plus the repository, buckets, tables and key it uses. */
export interface ModelEndpointArgs extends EndpointSettings {
    /** Deployment environment; prod requires ≥ 2 instances per variant, data capture and a deployment config. */
    readonly environment: Environment;
    /** Serving image repository URL (from `ModelRegistry`). */
    readonly repositoryUrl: pulumi.Input<string>;
    /** Serving image repository ARN (the role may pull from this repository only). */
    readonly repositoryArn: pulumi.Input<string>;
    /**
     * Serving image repository name. When set, the endpoint creates the repository's policy (the
     * pull fence, `pullOnlyByRolesPolicy` in core/ecrRepository.ts): only its role and `additionalPullRoleArns` may
     * read images. Leave it
     * unset when the registry's `pullRoleArns` already sets the policy (a repository has one).
     */
    readonly repositoryName?: pulumi.Input<string>;
    /** Other roles of this account allowed to pull through the fence (CI tests, build caches). Default: none. */
    readonly additionalPullRoleArns?: pulumi.Input<string>[];
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
    /** The Feast registry object (`arn:aws:s3:::<bucket>/registry.db`), read by Feast. Default: none. */
    readonly featureRegistryObjectArn?: pulumi.Input<string>;
    /** Bucket data capture writes to (required when capture is enabled). */
    readonly dataCaptureBucketName?: pulumi.Input<string>;
    /** ARN of the data-capture bucket. */
    readonly dataCaptureBucketArn?: pulumi.Input<string>;
    /** Bucket asynchronous inference reads requests from and writes responses to (the predictions bucket). */
    readonly asyncBucketName?: pulumi.Input<string>;
    /** ARN of the asynchronous-inference bucket (required with asyncInference). */
    readonly asyncBucketArn?: pulumi.Input<string>;
    /** Roles that register versions in the endpoint's model package group (the pipeline). Default: none. */
    readonly packageRegistrarRoleArns?: pulumi.Input<pulumi.Input<string>[]>;
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
 * - target-tracking autoscaling per instance-based variant that asks for it;
 * - a model package group (the endpoint's registry) that the pipeline registers versions in, and
 *   that variants may serve (`modelPackageVersion`) instead of the image;
 * - optionally a shadow variant (a copy of the traffic, answers discarded), a rolling update policy,
 *   or the asynchronous mode (responses in the predictions bucket, backlog scaling to zero).
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
    /** The endpoint's model package group (register versions here). */
    public readonly modelPackageGroupName: pulumi.Output<string>;
    /** ARN of the model package group. */
    public readonly modelPackageGroupArn: pulumi.Output<string>;
    /** `s3://` prefix of asynchronous responses (asynchronous mode). */
    public readonly asyncOutputUri?: pulumi.Output<string>;
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
            shadowVariants: args.shadowVariants,
            asyncInference: args.asyncInference,
            dataCapture: args.dataCapture,
            deployment: args.deployment,
            alarms: args.alarms,
            monitoring: args.monitoring,
            ...(inVpc ? { vpc: true } : {}),
        });
        const capture = resolveDataCapture(args);
        const artifactPrefix = args.modelArtifactPrefix ?? SERVING_DEFAULTS.modelArtifactPrefix(args.endpointName);
        const problems = endpointArgProblems(args, artifactPrefix);
        if (problems.length > 0) throw new ConfigError(problems, `arguments of ModelEndpoint ${name}`);

        const tags = stackTags(args.environment, args.tags);
        const child = { parent: this };
        const context = awsContext(this);
        const { accountId, partition } = context;
        const variants = resolveVariants(args.environment, args);
        const shadows = resolveShadowVariants(args.environment, args);
        const deployment = resolveDeployment(args);
        const asyncSpec = args.asyncInference && resolveAsyncInference(args.endpointName, args.asyncInference);
        const endpointName = args.endpointName;
        const monitoring = args.monitoring !== undefined ? resolveMonitoring(args.monitoring) : undefined;

        const captureDestination = capture.enabled
            ? pulumi.interpolate`s3://${args.dataCaptureBucketName}/${SERVING_DEFAULTS.dataCapturePrefix}`
            : undefined;
        // ---- Execution role, its VPC security group and the async topics (endpointAccess.ts) ----
        const { role, rolePolicy, securityGroupId, topics } = endpointAccess(
            name,
            {
                args,
                context,
                artifactPrefix,
                captureEnabled: capture.enabled,
                asyncSpec,
                rollbackAlarmNames:
                    deployment !== undefined
                        ? variants.flatMap((v) => rollbackAlarmNames(endpointName, v.name))
                        : undefined,
                tags,
            },
            this,
        );
        if (securityGroupId !== undefined) this.securityGroupId = securityGroupId;
        const securityGroupIds = securityGroupId !== undefined ? [securityGroupId] : undefined;

        // ---- Registry: the endpoint's model package group ----
        const group = modelPackageGroup(
            `${name}-packages`,
            {
                environment: args.environment,
                groupName: SERVING_DEFAULTS.packageGroupName(endpointName),
                endpointName,
                accountId,
                registrarRoleArns: args.packageRegistrarRoleArns,
                tags,
            },
            this,
        );

        // ---- Models: one per (production or shadow) variant, auto-named, replaced create-before-delete ----
        const lineage = expectedLineage(args, artifactPrefix);
        const modelScope = {
            args,
            artifactPrefix,
            lineage,
            roleArn: role.arn,
            rolePolicy,
            groupArn: group.arn,
            securityGroupIds,
            tags,
        };
        const models = variantModels(name, args.variants, modelScope, this);
        const shadowModels = variantModels(name, args.shadowVariants ?? [], modelScope, this);

        // ---- Endpoint configuration: auto-named, never protected ----
        const endpointConfig = new aws.sagemaker.EndpointConfiguration(
            name,
            {
                // No volume key on local-NVMe instance types: SageMaker refuses it there (endpointConfig.ts).
                ...volumeKey([...variants, ...shadows], args.kmsKeyArn),
                productionVariants: variants.map((v, i) => productionVariant(v, models[i].name)),
                ...(shadows.length > 0
                    ? { shadowProductionVariants: shadows.map((v, i) => productionVariant(v, shadowModels[i].name)) }
                    : {}),
                ...(capture.enabled
                    ? { dataCaptureConfig: dataCaptureConfig(capture, captureDestination!, args.kmsKeyArn) }
                    : {}),
                ...(asyncSpec !== undefined
                    ? {
                          asyncInferenceConfig: asyncInferenceConfig(asyncSpec, {
                              bucketName: args.asyncBucketName!,
                              kmsKeyArn: args.kmsKeyArn,
                              ...(topics !== undefined
                                  ? { successTopicArn: topics[0].arn, errorTopicArn: topics[1].arn }
                                  : {}),
                          }),
                      }
                    : {}),
                tags,
            },
            child,
        );

        // ---- Rollback alarms: per production variant, 5XX errors and p99 model latency ----
        const alarms = rollbackAlarms(
            name,
            {
                endpointName,
                variants,
                max5xxErrors: args.alarms?.max5xxErrors,
                maxModelLatencyMs: args.alarms?.maxModelLatencyMs,
                alarmActions: args.alarmActions,
                tags,
            },
            child,
        );

        // ---- Endpoint: stable name, blue/green or rolling updates with auto-rollback ----
        const backlogScaled = asyncSpec?.scaling !== undefined;
        const scalingKey = scalingTargetKey(this, name, endpointName, variants, backlogScaled);
        const endpoint = new aws.sagemaker.Endpoint(
            name,
            {
                name: endpointName,
                endpointConfigName: endpointConfig.name,
                ...(deployment !== undefined
                    ? {
                          deploymentConfig: deploymentConfig(
                              deployment,
                              alarms.map((a) => a.name),
                          ),
                      }
                    : {}),
                // The policy pack accepts a captured prod endpoint without a schedule only when it says who monitors
                // it.
                tags: monitoring?.engine === "external" ? { ...tags, [MONITORING_ENGINE_TAG]: "external" } : tags,
            },
            {
                parent: this,
                // After the autoscaling key: replacing it deregisters targets before this update (scalingTargetKey.ts).
                dependsOn: scalingKey !== undefined ? [scalingKey] : [],
                customTimeouts: endpointTimeouts(deployment),
            },
        );

        // ---- Autoscaling: on invocations (real-time) or backlog (asynchronous), through the key ----
        if (scalingKey !== undefined) {
            const scaling = { endpointName, endpoint: endpoint.name, key: scalingKey, variants, tags };
            if (asyncSpec !== undefined) backlogAutoscaling(name, scaling, asyncSpec, this);
            else invocationAutoscaling(name, scaling, this);
        }

        // ---- Data-quality monitoring of the captured data (engine model-monitor) ----
        if (monitoring?.engine === "model-monitor") {
            const monitor = endpointModelMonitor(name, args, endpoint.name, this);
            this.monitoringScheduleName = monitor.scheduleName;
            this.monitoringRoleArn = monitor.roleArn;
            this.monitoringBaselineUri = monitor.baselineUri;
        }

        this.modelPackageGroupName = group.modelPackageGroupName;
        this.modelPackageGroupArn = group.arn;
        if (asyncSpec !== undefined)
            this.asyncOutputUri = pulumi.interpolate`s3://${args.asyncBucketName}/${asyncSpec.outputPrefix}`;
        this.endpointName = endpoint.name;
        this.endpointArn = endpoint.arn;
        this.endpointConfigName = endpointConfig.name;
        this.roleArn = role.arn;
        if (args.repositoryName !== undefined)
            pullOnlyByRolesPolicy(
                `${name}-image-pull`,
                {
                    repositoryName: args.repositoryName,
                    roleArns: [role.arn, ...(args.additionalPullRoleArns ?? [])],
                    accountId,
                    partition,
                    allowSid: "PullByServingRoles",
                },
                { parent: this },
            );
        this.modelNames = pulumi
            .output(
                Object.fromEntries([
                    ...variants.map((v, i) => [v.name, models[i].name]),
                    ...shadows.map((v, i) => [v.name, shadowModels[i].name]),
                ]),
            )
            .apply((m): Record<string, string> => m);
        this.alarmNames = pulumi.all(alarms.map((a) => a.name));
        this.dataCaptureDestination = captureDestination;
        this.expected = pulumi
            .all([endpoint.name, endpointConfig.name, captureDestination ?? pulumi.output(undefined)])
            .apply(([deployedName, endpointConfigName, destinationS3Uri]): ExpectedEndpoint => {
                const e = expectedEndpoint(args.environment, args, undefined, artifactPrefix);
                const dataCapture = {
                    ...e.dataCapture,
                    ...(destinationS3Uri !== undefined ? { destinationS3Uri } : {}),
                };
                return { ...e, endpointName: deployedName, endpointConfigName, dataCapture };
            });
        this.registerOutputs({
            endpointName: this.endpointName,
            endpointArn: this.endpointArn,
            endpointConfigName: this.endpointConfigName,
            roleArn: this.roleArn,
            modelNames: this.modelNames,
            alarmNames: this.alarmNames,
            dataCaptureDestination: this.dataCaptureDestination,
            securityGroupId: this.securityGroupId,
            modelPackageGroupName: this.modelPackageGroupName,
            modelPackageGroupArn: this.modelPackageGroupArn,
            asyncOutputUri: this.asyncOutputUri,
            monitoringScheduleName: this.monitoringScheduleName,
            monitoringRoleArn: this.monitoringRoleArn,
            monitoringBaselineUri: this.monitoringBaselineUri,
            expected: this.expected,
        });
    }
}

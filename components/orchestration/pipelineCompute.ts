/**
 * Where the pipeline steps run: the pipeline image repository (hardened like the serving one, pull
 * only by the processing role), the processing role's policy, the jobs' security group, and the job
 * configuration the DAGs read (`dags/mlops_pipeline.json`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { statefulOptions } from "../core/context";
import { hardenedRepository, pullOnlyByRolesPolicy } from "../core/ecrRepository";
import { Environment } from "../core/environment";
import { policyDocument, serviceTrustPolicy } from "../core/iam";
import { imageUri } from "../core/imageReference";
import { httpsEgressOnlySecurityGroup } from "../core/securityGroups";
import { FEAST_REGISTRY_KEY } from "../featureStore/featureStoreSettings";
import { resolveRegistrySettings } from "../serving/registrySettings";
import { PIPELINE_CONFIG_SECTION } from "./airflowOptionRules";
import { OrchestrationPipelineArgs } from "./executionRole";
import { PIPELINE_STEP_NAMES, PIPELINE_STEPS, PipelineSettings, resolvePipelineSettings } from "./pipelineSettings";
import { processingRoleStatements } from "./processingRole";
import type { Integer } from "../core/schemaPrimitives";

/** Key of the job configuration in the DAG bucket, beside the DAGs that read it. */
export const PIPELINE_JOB_CONFIG_KEY = "dags/mlops_pipeline.json";

/** The `[mlops]` options: where each step's data lives, passed to the containers as environment variables. */
export function pipelineDataOptions(pipeline: OrchestrationPipelineArgs): Record<string, pulumi.Input<string>> {
    const key = (option: string) => `${PIPELINE_CONFIG_SECTION}.${option}`;
    const registryKey = pipeline.registryObjectKey ?? FEAST_REGISTRY_KEY;
    return {
        [key("raw_bucket")]: pipeline.rawBucketName,
        [key("offline_bucket")]: pipeline.offlineBucketName,
        [key("registry_path")]: pulumi.interpolate`s3://${pipeline.featureRegistryBucketName}/${registryKey}`,
        [key("model_registry_bucket")]: pipeline.modelRegistryBucketName,
        [key("predictions_bucket")]: pipeline.predictionsBucketName,
    };
}

/** What one step's Processing job is given, as the DAGs read it from `mlops_pipeline.json`. */
export interface PipelineJobStep {
    readonly instanceType: string;
    readonly instanceCount: Integer;
    readonly volumeSizeGb: Integer;
    readonly maxRuntimeSeconds: Integer;
}

/** The job configuration the DAGs read: `image: null` keeps every DAG undefined (pipelines off). */
export interface PipelineJobConfig {
    readonly image: string | null;
    readonly jobPrefix: string;
    readonly roleArn: string;
    /** CreateProcessingJob `NetworkConfig.VpcConfig`: the platform's private subnets and the jobs' group. */
    readonly network: { readonly subnets: string[]; readonly securityGroupIds: string[] };
    readonly steps: Record<string, PipelineJobStep>;
    /**
     * The generated Feast repository (`s3://<registry bucket>/feature_repo/<version>/`) and its content
     * hash. Here, not in the `[mlops]` options: both derive from Redshift's outputs, and the environment
     * must not wait for Redshift nor be updated when the feature definitions change.
     */
    readonly featureRepository?: { readonly url: string; readonly version: string };
}

/** The job configuration from resolved values (pure). */
export function pipelineJobConfig(args: {
    readonly environment: Environment;
    readonly pipelines: PipelineSettings;
    readonly repositoryUrl: string;
    readonly jobPrefix: string;
    readonly roleArn: string;
    readonly subnetIds: string[];
    readonly securityGroupId: string;
    readonly featureRepository?: { readonly url: string; readonly version: string };
}): PipelineJobConfig {
    const resolved = resolvePipelineSettings(args.environment, args.pipelines);
    return {
        image: resolved.image !== undefined ? imageUri(args.repositoryUrl, resolved.image) : null,
        jobPrefix: args.jobPrefix,
        roleArn: args.roleArn,
        // CreateProcessingJob takes 1-16 subnets and 1-5 security groups (API_VpcConfig).
        network: { subnets: args.subnetIds.slice(0, 16), securityGroupIds: [args.securityGroupId] },
        steps: Object.fromEntries(
            PIPELINE_STEPS.map((step) => {
                const s = resolved.steps[step];
                return [
                    PIPELINE_STEP_NAMES[step],
                    {
                        instanceType: s.instanceType,
                        instanceCount: s.instanceCount,
                        volumeSizeGb: s.volumeSizeGb,
                        maxRuntimeSeconds: s.maxRuntimeMinutes * 60,
                    },
                ];
            }),
        ),
        ...(args.featureRepository !== undefined ? { featureRepository: args.featureRepository } : {}),
    };
}

/** The Processing jobs' execution role (its policy comes with `registerPipelineCompute`). */
export function createProcessingRole(
    name: string,
    environmentName: string,
    accountId: pulumi.Input<string>,
    tags: Record<string, string>,
    parent: pulumi.Resource,
): aws.iam.Role {
    return new aws.iam.Role(
        name,
        {
            description: `Execution role of the pipeline Processing jobs started by MWAA ${environmentName}`,
            // Only SageMaker on behalf of this account (aws:SourceAccount; no SourceArn pattern,
            // which SageMaker is not documented to send for processing jobs).
            assumeRolePolicy: serviceTrustPolicy(["sagemaker.amazonaws.com"], accountId),
            maxSessionDuration: 3600,
            tags,
        },
        { parent },
    );
}

/** Inputs of `PipelineCompute`. */
export interface PipelineComputeArgs {
    readonly environment: Environment;
    readonly environmentName: string;
    readonly jobPrefix: string;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly vpcId: pulumi.Input<string>;
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly pipeline: OrchestrationPipelineArgs;
    readonly pipelines: PipelineSettings;
    readonly accountId: pulumi.Output<string>;
    readonly region: pulumi.Output<string>;
    readonly partition: pulumi.Output<string>;
    readonly protect?: boolean;
    readonly tags: Record<string, string>;
}

/** The registered pipeline compute. */
export interface PipelineCompute {
    readonly repository: aws.ecr.Repository;
    readonly processingPolicy: aws.iam.RolePolicy;
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** `mlops_pipeline.json`, to upload beside the DAGs. */
    readonly jobConfig: pulumi.Output<string>;
}

/**
 * Registers the repository, the jobs' security group, the processing role's policy (with the pull of
 * this repository and the VPC statements) and the repository policy letting only that role pull.
 */
export function registerPipelineCompute(
    name: string,
    args: PipelineComputeArgs,
    processingRole: aws.iam.Role,
    parent: pulumi.Resource,
): PipelineCompute {
    const child = { parent };
    const repository = hardenedRepository(
        `${name}-pipeline-image`,
        {
            kmsKeyArn: args.kmsKeyArn,
            retention: resolveRegistrySettings(args.environment, args.pipelines.registry ?? {}),
            tags: args.tags,
        },
        { parent, ...statefulOptions(args.environment, args.protect) },
    );
    // The jobs reach S3, DynamoDB, ECR, CloudWatch and the Redshift Data API over HTTPS only.
    const securityGroup = httpsEgressOnlySecurityGroup(
        `${name}-processing`,
        {
            vpcId: args.vpcId,
            description: `Pipeline Processing jobs of MWAA ${args.environmentName}: HTTPS out only`,
            tags: args.tags,
        },
        child,
    );
    const processingPolicy = new aws.iam.RolePolicy(
        `${name}-processing`,
        {
            role: processingRole.id,
            policy: policyDocument(
                processingRoleStatements({
                    accountId: args.accountId,
                    region: args.region,
                    partition: args.partition,
                    kmsKeyArn: args.kmsKeyArn,
                    pipeline: args.pipeline,
                    pipelineRepositoryArn: repository.arn,
                    vpc: { subnetIds: args.privateSubnetIds, securityGroupId: securityGroup.id },
                }),
            ),
        },
        child,
    );
    pullOnlyByRolesPolicy(
        `${name}-pipeline-image-pull`,
        {
            repositoryName: repository.name,
            roleArns: [processingRole.arn],
            accountId: args.accountId,
            partition: args.partition,
            allowSid: "PullByProcessingRole",
        },
        child,
    );
    const jobConfig = pulumi
        .all([
            repository.repositoryUrl,
            processingRole.arn,
            pulumi.output(args.privateSubnetIds),
            securityGroup.id,
            args.pipeline.featureRepositoryUrl,
            args.pipeline.featureRepositoryVersion,
        ])
        .apply(([repositoryUrl, roleArn, subnetIds, securityGroupId, featureRepoUrl, featureRepoVersion]) =>
            JSON.stringify(
                pipelineJobConfig({
                    environment: args.environment,
                    pipelines: args.pipelines,
                    repositoryUrl,
                    jobPrefix: args.jobPrefix,
                    roleArn,
                    subnetIds,
                    securityGroupId,
                    featureRepository:
                        featureRepoUrl !== undefined && featureRepoVersion !== undefined
                            ? { url: featureRepoUrl, version: featureRepoVersion }
                            : undefined,
                }),
                null,
                2,
            ),
        );
    return { repository, processingPolicy, securityGroup, jobConfig };
}

import * as pulumi from "@pulumi/pulumi";
import { CiDeployRole } from "../ci/ciDeployRole";
import { CiSettings } from "../ci/ciSettings";
import { ConfigError, validateComponentArgs } from "../core/configErrors";
import { Environment } from "../core/environment";
import { stackTags } from "../core/tags";
import { CostSettings, resolveBudget } from "../cost/budgetSettings";
import { StackBudget } from "../cost/stackBudget";
import { FeatureStore } from "../featureStore/featureStore";
import { FEAST_REGISTRY_KEY, FeatureStoreSettings, PIPELINE_DB_USER } from "../featureStore/featureStoreSettings";
import { Network } from "../network/network";
import { NetworkSettings } from "../network/networkSettings";
import { Orchestration } from "../orchestration/orchestration";
import { OrchestrationSettings } from "../orchestration/orchestrationSettings";
import { PipelineSettings } from "../orchestration/pipelineSettings";
import { EndpointSettings } from "../serving/endpointArgs";
import { ModelEndpoint } from "../serving/modelEndpoint";
import { ModelRegistry } from "../serving/modelRegistry";
import { RegistrySettings } from "../serving/registrySettings";
import { ExpectedEndpoint, SERVING_DEFAULTS } from "../serving/servingSpec";
import { DataLake } from "../storage/dataLake";
import { DataLakeSettings } from "../storage/dataLakeSettings";
import { EncryptionKey } from "../storage/encryptionKey";
import { platformLimitProblems, readDeploymentTarget } from "./limits";
import { platformConfigSchema, PlatformConfig } from "./platformConfig";

/** `encryption`: bring a KMS key instead of creating one. */
export interface PlatformEncryptionArgs {
    /** Key ARN (not an alias). Default: a key is created with a policy for the platform's services. */
    readonly kmsKeyArn?: string;
}

/** `orchestration`: the MWAA environment. */
export interface PlatformOrchestrationArgs extends OrchestrationSettings {
    /** Create the MWAA environment. Default: true. */
    readonly enabled?: boolean;
}

/** `serving`: the image repository and the SageMaker endpoint. */
export interface PlatformServingArgs extends EndpointSettings {
    /** Create the endpoint; false creates only the repository (first deploy). Default: true. */
    readonly enabled?: boolean;
    /** Run the models in the platform's private subnets. Default: false. */
    readonly vpc?: boolean;
    /** ECR image retention. */
    readonly registry?: RegistrySettings;
}

/**
 * Arguments of `MlopsPlatform`: exactly the stack configuration contract (`mlops-platform:*`
 * keys), as hand-written interfaces so Pulumi can infer a schema for other languages.
 */
export interface MlopsPlatformArgs {
    /** Deployment environment; selects every default. */
    readonly environment: Environment;
    /** Tags added to `environment` and `managed-by` on every taggable resource. */
    readonly tags?: Record<string, string>;
    /** VPC settings. */
    readonly network?: NetworkSettings;
    /** KMS key settings. */
    readonly encryption?: PlatformEncryptionArgs;
    /** Data lake retention. */
    readonly dataLake?: DataLakeSettings;
    /** Feast offline and online stores. */
    readonly featureStore: FeatureStoreSettings;
    /** The MWAA (Airflow) environment. */
    readonly orchestration?: PlatformOrchestrationArgs;
    /** The pipeline image and the compute of each step's Processing job (needs orchestration). */
    readonly pipelines?: PipelineSettings;
    /** ECR and the SageMaker endpoint. Default: none. */
    readonly serving?: PlatformServingArgs;
    /** Keyless GitHub Actions deploy role(s). Default: none. */
    readonly ci?: CiSettings;
    /** Monthly AWS Budgets budget and alarm topic. Default: none. */
    readonly cost?: CostSettings;
}

// The zod contract and the interfaces above must describe the same shape: each must be
// assignable to the other, or this file does not compile.
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const argsMatchConfig: Mutual<PlatformConfig, MlopsPlatformArgs> = true;
void argsMatchConfig;

/**
 * The whole platform from one validated config object: KMS key, data lake, Feast offline and
 * online stores, orchestration and model serving, wired to each other's ARNs.
 */
export class MlopsPlatform extends pulumi.ComponentResource {
    /** ARN of the key everything is encrypted with (created or brought). */
    public readonly kmsKeyArn: pulumi.Output<string>;
    /**
     * Data lake bucket names by purpose (accessLogs, raw, offlineStore, featureRegistry, modelRegistry, predictions,
     * dataCapture).
     */
    public readonly bucketNames: pulumi.Output<Record<string, string>>;
    /** VPC the private workloads run in. */
    public readonly vpcId: pulumi.Output<string>;
    /** Private subnets of that VPC. */
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Glue database of the Feast offline store. */
    public readonly glueDatabase: pulumi.Output<string>;
    /** DynamoDB online-store table names by feature view. */
    public readonly onlineTableNames: pulumi.Output<Record<string, string>>;
    /** Redshift endpoint (`host:port`). */
    public readonly redshiftEndpoint: pulumi.Output<string>;
    /** Role Redshift assumes for Spectrum and COPY/UNLOAD. */
    public readonly redshiftRoleArn: pulumi.Output<string>;
    /** Feast `feature_store.yaml` for this stack. */
    public readonly featureStoreYaml: pulumi.Output<string>;
    /** Airflow UI hostname (a VPC endpoint when PRIVATE_ONLY); unset when orchestration is disabled. */
    public readonly airflowWebserverUrl?: pulumi.Output<string>;
    /** MWAA environment ARN. */
    public readonly airflowEnvironmentArn?: pulumi.Output<string>;
    /** Role the DAGs run as. */
    public readonly airflowExecutionRoleArn?: pulumi.Output<string>;
    /** Bucket holding `dags/` and `requirements.txt`. */
    public readonly airflowDagBucket?: pulumi.Output<string>;
    /** Pipeline image repository URL (push `pipelines/` here, then pin `pipelines.image`). */
    public readonly pipelineRepositoryUrl?: pulumi.Output<string>;
    /** Serving image repository URL (exists while serving is disabled, for the first push). */
    public readonly modelRepositoryUrl?: pulumi.Output<string>;
    /** SageMaker endpoint name. */
    public readonly servingEndpointName?: pulumi.Output<string>;
    /** SageMaker endpoint ARN. */
    public readonly servingEndpointArn?: pulumi.Output<string>;
    /** Execution role of the endpoint. */
    public readonly servingRoleArn?: pulumi.Output<string>;
    /** The endpoint as this stack deploys it, for `npm run verify`. */
    public readonly servingExpected?: pulumi.Output<ExpectedEndpoint>;
    /** GitHub Actions deploy role ARN per GitHub environment; unset unless `ci.enabled`. */
    public readonly ciRoleArns?: pulumi.Output<Record<string, string>>;
    /** Model Monitor schedule of the endpoint (monitoring engine model-monitor). */
    public readonly monitoringScheduleName?: pulumi.Output<string>;
    /** `s3://` prefix the baselining step writes the monitoring baseline to. */
    public readonly monitoringBaselineUri?: pulumi.Output<string>;
    /** SNS topic of budget alerts and endpoint alarms; unset without `cost.monthlyBudgetUsd`. */
    public readonly alarmTopicArn?: pulumi.Output<string>;

    constructor(name: string, args: MlopsPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        // The stack program validated its config already; direct users get the same checks here.
        validateComponentArgs(`MlopsPlatform ${name}`, platformConfigSchema, args);
        // AWS limits, computed on the names this root name produces and the region/account it deploys to.
        const limits = platformLimitProblems(name, args, readDeploymentTarget());
        if (limits.length > 0) throw new ConfigError(limits, `arguments of MlopsPlatform ${name}`);
        super("mlops-platform:index:MlopsPlatform", name, {}, opts);
        const environment = args.environment;
        const tags = stackTags(environment, args.tags);
        const child = { parent: this };

        this.kmsKeyArn =
            args.encryption?.kmsKeyArn !== undefined
                ? pulumi.output(args.encryption.kmsKeyArn)
                : new EncryptionKey(`${name}-key`, { environment, tags }, child).keyArn;

        const budget = resolveBudget(environment, args.cost, tags);
        if (budget !== undefined) {
            this.alarmTopicArn = new StackBudget(
                `${name}-budget`,
                { tags, budget, kmsKeyArn: this.kmsKeyArn },
                child,
            ).alarmTopicArn;
        }

        const lake = new DataLake(`${name}`, { environment, kmsKeyArn: this.kmsKeyArn, tags, ...args.dataLake }, child);

        // The network comes first: Redshift and MWAA both land in its private subnets.
        const network = new Network(
            `${name}-network`,
            { environment, tags, kmsKeyArn: this.kmsKeyArn, ...args.network },
            child,
        );

        const featureStore = args.featureStore;
        const features = new FeatureStore(
            `${name}-features`,
            {
                environment,
                tags,
                kmsKeyArn: this.kmsKeyArn,
                project: featureStore.project,
                featureViews: featureStore.featureViews,
                offlineStore: featureStore.offlineStore,
                onlineStore: featureStore.onlineStore,
                encryptDataCatalog: featureStore.encryptDataCatalog,
                offlineBucketName: lake.offlineStore.name,
                offlineBucketArn: lake.offlineStore.arn,
                registryBucketName: lake.featureRegistry.name,
                vpcId: network.vpcId,
                subnetIds: network.privateSubnetIds,
            },
            child,
        );

        const { enabled: orchestrationEnabled, ...orchestration } = args.orchestration ?? {};
        let processingRoleArn: pulumi.Output<string> | undefined;
        if (orchestrationEnabled !== false) {
            const engine = featureStore.offlineStore?.engine ?? "redshift-serverless";
            const airflow = new Orchestration(
                `${name}-airflow`,
                {
                    environment,
                    tags,
                    kmsKeyArn: this.kmsKeyArn,
                    accessLogBucket: lake.accessLogs.name,
                    vpcId: network.vpcId,
                    privateSubnetIds: network.privateSubnetIds,
                    ...orchestration,
                    pipelines: args.pipelines,
                    pipeline: {
                        rawBucketName: lake.raw.name,
                        rawBucketArn: lake.raw.arn,
                        offlineBucketName: lake.offlineStore.name,
                        offlineBucketArn: lake.offlineStore.arn,
                        featureRegistryBucketName: lake.featureRegistry.name,
                        featureRegistryBucketArn: lake.featureRegistry.arn,
                        modelRegistryBucketName: lake.modelRegistry.name,
                        modelRegistryBucketArn: lake.modelRegistry.arn,
                        predictionsBucketName: lake.predictions.name,
                        predictionsBucketArn: lake.predictions.arn,
                        glueDatabaseName: features.databaseName,
                        redshiftEngine: engine,
                        redshiftArn: features.redshiftArn,
                        redshiftDatabase: features.redshiftDatabase,
                        ...(features.clusterIdentifier !== undefined
                            ? { redshiftClusterIdentifier: features.clusterIdentifier }
                            : {}),
                        onlineTableArns: features.onlineTableArns,
                        featureRepositoryUrl: features.featureRepositoryUrl,
                        featureRepositoryVersion: features.featureRepositoryVersion,
                    },
                },
                child,
            );
            this.airflowWebserverUrl = airflow.webserverUrl;
            this.airflowEnvironmentArn = airflow.environmentArn;
            this.airflowExecutionRoleArn = airflow.executionRoleArn;
            this.airflowDagBucket = airflow.dagBucketName;
            this.pipelineRepositoryUrl = airflow.pipelineRepositoryUrl;
            processingRoleArn = airflow.processingRoleArn;
            // The processing role's database user: IAMR:<role> through GetCredentials, or its own cluster user.
            features.grantPipelineUser(
                engine === "redshift-serverless"
                    ? pulumi.interpolate`IAMR:${airflow.processingRoleName!}`
                    : PIPELINE_DB_USER,
            );
        }

        // Serving. The registry exists whenever a `serving` section does, so the first image can be
        // pushed with `serving.enabled: false`; enabling it adds the endpoint. The registry's pull
        // policy is created after the endpoint, because it names the endpoint's role (see ModelRegistry).
        const serving = args.serving;
        if (serving !== undefined) {
            const registry = new ModelRegistry(
                `${name}-models`,
                {
                    environment,
                    tags,
                    kmsKeyArn: this.kmsKeyArn,
                    ...serving.registry,
                },
                child,
            );
            this.modelRepositoryUrl = registry.repositoryUrl;
            if (serving.enabled !== false) {
                const endpoint = new ModelEndpoint(
                    `${name}-serving`,
                    {
                        environment,
                        tags,
                        endpointName: serving.endpointName,
                        repositoryUrl: registry.repositoryUrl,
                        repositoryArn: registry.repositoryArn,
                        repositoryName: registry.repositoryName,
                        image: serving.image,
                        variants: serving.variants,
                        shadowVariants: serving.shadowVariants,
                        asyncInference: serving.asyncInference,
                        // Asynchronous requests and responses are predictions: they live in the predictions bucket.
                        asyncBucketName: lake.predictions.name,
                        asyncBucketArn: lake.predictions.arn,
                        // The pipeline registers model versions; people approve them.
                        ...(processingRoleArn !== undefined ? { packageRegistrarRoleArns: [processingRoleArn] } : {}),
                        kmsKeyArn: this.kmsKeyArn,
                        modelBucketName: lake.modelRegistry.name,
                        modelBucketArn: lake.modelRegistry.arn,
                        featureTableArns: features.onlineTableArns,
                        // The online model calls Feast's get_online_features, which loads registry.db from S3.
                        featureRegistryObjectArn: pulumi.interpolate`${lake.featureRegistry.arn}/${FEAST_REGISTRY_KEY}`,
                        environmentVariables: {
                            FEAST_PROJECT: featureStore.project,
                            FEAST_REGISTRY: pulumi.interpolate`s3://${lake.featureRegistry.name}/${FEAST_REGISTRY_KEY}`,
                            FEAST_ONLINE_TABLES: features.onlineTableNames.apply((names) =>
                                Object.values(names).join(","),
                            ),
                            MODEL_BUCKET: lake.modelRegistry.name,
                            MODEL_PREFIX: SERVING_DEFAULTS.modelArtifactPrefix(serving.endpointName),
                        },
                        dataCapture: serving.dataCapture,
                        dataCaptureBucketName: lake.dataCapture.name,
                        dataCaptureBucketArn: lake.dataCapture.arn,
                        deployment: serving.deployment,
                        alarms: serving.alarms,
                        ...(this.alarmTopicArn !== undefined ? { alarmActions: [this.alarmTopicArn] } : {}),
                        monitoring: serving.monitoring,
                        monitoredFeatures: [
                            ...new Set(featureStore.featureViews.flatMap((v) => Object.keys(v.features))),
                        ],
                        ...(serving.vpc === true ? { vpcId: network.vpcId, subnetIds: network.privateSubnetIds } : {}),
                    },
                    child,
                );
                this.servingEndpointName = endpoint.endpointName;
                this.servingEndpointArn = endpoint.endpointArn;
                this.servingRoleArn = endpoint.roleArn;
                this.servingExpected = endpoint.expected;
                this.monitoringScheduleName = endpoint.monitoringScheduleName;
                this.monitoringBaselineUri = endpoint.monitoringBaselineUri;
            }
        }

        this.bucketNames = lake.bucketNames;
        this.vpcId = network.vpcId;
        this.privateSubnetIds = network.privateSubnetIds;
        this.glueDatabase = features.databaseName;
        this.onlineTableNames = features.onlineTableNames;
        this.redshiftEndpoint = features.redshiftEndpoint;
        this.redshiftRoleArn = features.redshiftRoleArn;
        this.featureStoreYaml = features.featureStoreYaml;
        if (args.ci?.enabled === true) {
            const project = featureStore.project;
            const ci = new CiDeployRole(
                `${name}-ci`,
                {
                    environment,
                    repository: args.ci.repository!,
                    githubEnvironments: args.ci.githubEnvironments ?? [environment],
                    // The stack's physical names: components' `${name}-…`, Feast's tables/database, the endpoint and
                    // alarms.
                    namePrefixes: [...new Set([name, project, project.replace(/_/g, "-")])],
                    oidcProviderArn: args.ci.oidcProviderArn,
                    tags,
                },
                child,
            );
            this.ciRoleArns = ci.roleArns;
        }
        this.registerOutputs({
            ciRoleArns: this.ciRoleArns,
            kmsKeyArn: this.kmsKeyArn,
            bucketNames: this.bucketNames,
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            glueDatabase: this.glueDatabase,
            onlineTableNames: this.onlineTableNames,
            redshiftEndpoint: this.redshiftEndpoint,
            redshiftRoleArn: this.redshiftRoleArn,
            featureStoreYaml: this.featureStoreYaml,
            airflowWebserverUrl: this.airflowWebserverUrl,
            airflowEnvironmentArn: this.airflowEnvironmentArn,
            airflowExecutionRoleArn: this.airflowExecutionRoleArn,
            airflowDagBucket: this.airflowDagBucket,
            pipelineRepositoryUrl: this.pipelineRepositoryUrl,
            modelRepositoryUrl: this.modelRepositoryUrl,
            servingEndpointName: this.servingEndpointName,
            servingEndpointArn: this.servingEndpointArn,
            servingRoleArn: this.servingRoleArn,
            servingExpected: this.servingExpected,
            monitoringScheduleName: this.monitoringScheduleName,
            monitoringBaselineUri: this.monitoringBaselineUri,
            alarmTopicArn: this.alarmTopicArn,
        });
    }
}

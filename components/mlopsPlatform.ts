import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./config";
import { stackTags } from "./context";
import { DataLake } from "./dataLake";
import { EncryptionKey } from "./encryptionKey";
import { FeatureStore } from "./featureStore";
import { ModelEndpoint } from "./modelEndpoint";
import { ModelRegistry } from "./modelRegistry";
import { SERVING_DEFAULTS } from "./servingSpec";
import { Network } from "./network";
import { Orchestration } from "./orchestration";

/** Arguments of {@link MlopsPlatform}: the validated stack configuration. */
export type MlopsPlatformArgs = PlatformConfig;

/**
 * The whole platform from one validated config object: KMS key, data lake, Feast offline and
 * online stores, orchestration and model serving, wired to each other's ARNs.
 */
export class MlopsPlatform extends pulumi.ComponentResource {
    /** ARN of the key everything is encrypted with (created or brought). */
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** The data lake buckets. */
    public readonly dataLake: DataLake;
    /** The Feast offline and online stores. */
    public readonly featureStore: FeatureStore;
    /** The VPC (generated or brought) the private workloads run in. */
    public readonly network: Network;
    /** The MWAA environment, its DAG bucket and execution role (undefined when `orchestration.enabled` is false). */
    public readonly orchestration?: Orchestration;
    /** The serving image repository (always created, so the first image can be pushed before the endpoint exists). */
    public readonly modelRegistry?: ModelRegistry;
    /** The SageMaker endpoint (undefined when `serving` is absent or `serving.enabled` is false). */
    public readonly modelEndpoint?: ModelEndpoint;

    constructor(name: string, args: MlopsPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlops-platform:index:MlopsPlatform", name, {}, opts);
        const environment = args.environment;
        const tags = stackTags(environment, args.tags);
        const child = { parent: this };

        this.kmsKeyArn =
            args.encryption?.kmsKeyArn !== undefined
                ? pulumi.output(args.encryption.kmsKeyArn)
                : new EncryptionKey(`${name}-key`, { environment, tags }, child).keyArn;

        this.dataLake = new DataLake(`${name}`, { environment, kmsKeyArn: this.kmsKeyArn, tags, ...args.dataLake }, child);

        // The network comes first: Redshift and MWAA both land in its private subnets.
        this.network = new Network(`${name}-network`, { environment, tags, kmsKeyArn: this.kmsKeyArn, ...args.network }, child);

        const featureStore = args.featureStore;
        this.featureStore = new FeatureStore(
            `${name}-features`,
            {
                environment,
                tags,
                kmsKeyArn: this.kmsKeyArn,
                project: featureStore.project,
                featureViews: featureStore.featureViews,
                offlineStore: featureStore.offlineStore,
                onlineStore: featureStore.onlineStore,
                offlineBucketName: this.dataLake.offlineStore.name,
                offlineBucketArn: this.dataLake.offlineStore.arn,
                registryBucketName: this.dataLake.featureRegistry.name,
                vpcId: this.network.vpcId,
                subnetIds: this.network.privateSubnetIds,
            },
            child,
        );

        const { enabled: orchestrationEnabled, ...orchestration } = args.orchestration ?? {};
        if (orchestrationEnabled !== false) {
            const lake = this.dataLake;
            const features = this.featureStore;
            const engine = featureStore.offlineStore?.engine ?? "redshift-serverless";
            this.orchestration = new Orchestration(
                `${name}-airflow`,
                {
                    environment,
                    tags,
                    kmsKeyArn: this.kmsKeyArn,
                    accessLogBucket: lake.accessLogs.name,
                    vpcId: this.network.vpcId,
                    privateSubnetIds: this.network.privateSubnetIds,
                    ...orchestration,
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
                        glueDatabaseArn: features.databaseArn,
                        glueTableArns: features.glueTableArns.apply((arns) => Object.values(arns)),
                        redshiftEngine: engine,
                        redshiftArn: features.redshiftArn,
                        redshiftDatabase: features.redshiftDatabase,
                        ...(features.clusterIdentifier !== undefined ? { redshiftClusterIdentifier: features.clusterIdentifier } : {}),
                        ...(featureStore.offlineStore?.adminUsername !== undefined ? { redshiftDbUser: featureStore.offlineStore.adminUsername } : {}),
                        redshiftRoleArn: features.redshiftRoleArn,
                        onlineTableArns: features.onlineTableArns,
                        featureStoreYaml: features.featureStoreYaml,
                    },
                },
                child,
            );
        }

        // Serving. The registry exists whenever a `serving` section does, so the first image can be
        // pushed with `serving.enabled: false`; enabling it adds the endpoint. The registry's pull
        // policy is created after the endpoint, because it names the endpoint's role (see ModelRegistry).
        const serving = args.serving;
        if (serving !== undefined) {
            this.modelRegistry = new ModelRegistry(
                `${name}-models`,
                {
                    environment,
                    tags,
                    kmsKeyArn: this.kmsKeyArn,
                    keepTaggedImages: serving.registry?.keepTaggedImages,
                    untaggedExpiryDays: serving.registry?.untaggedExpiryDays,
                },
                child,
            );
            if (serving.enabled !== false) {
                const lake = this.dataLake;
                this.modelEndpoint = new ModelEndpoint(
                    `${name}-serving`,
                    {
                        environment,
                        tags,
                        endpointName: serving.endpointName,
                        repositoryUrl: this.modelRegistry.repositoryUrl,
                        repositoryArn: this.modelRegistry.repositoryArn,
                        image: serving.image,
                        variants: serving.variants,
                        kmsKeyArn: this.kmsKeyArn,
                        modelBucketName: lake.modelRegistry.name,
                        modelBucketArn: lake.modelRegistry.arn,
                        featureTableArns: this.featureStore.onlineTableArns,
                        // The online model calls Feast's get_online_features, which loads registry.db from S3.
                        featureRegistryObjectArn: pulumi.interpolate`${lake.featureRegistry.arn}/registry.db`,
                        environmentVariables: {
                            FEAST_PROJECT: featureStore.project,
                            FEAST_REGISTRY: pulumi.interpolate`s3://${lake.featureRegistry.name}/registry.db`,
                            FEAST_ONLINE_TABLES: this.featureStore.onlineTableNames.apply((names) => Object.values(names).join(",")),
                            MODEL_BUCKET: lake.modelRegistry.name,
                            MODEL_PREFIX: SERVING_DEFAULTS.modelArtifactPrefix(serving.endpointName),
                        },
                        dataCapture: serving.dataCapture,
                        dataCaptureBucketName: lake.dataCapture.name,
                        dataCaptureBucketArn: lake.dataCapture.arn,
                        deployment: serving.deployment,
                        alarms: serving.alarms,
                        ...(serving.vpc === true ? { vpcId: this.network.vpcId, subnetIds: this.network.privateSubnetIds } : {}),
                    },
                    child,
                );
                this.modelRegistry.allowPull([this.modelEndpoint.roleArn]);
            }
        }

        this.registerOutputs({ kmsKeyArn: this.kmsKeyArn });
    }
}

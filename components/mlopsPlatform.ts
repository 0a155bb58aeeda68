import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./config";
import { stackTags } from "./context";
import { DataLake } from "./dataLake";
import { EncryptionKey } from "./encryptionKey";
import { FeatureStore } from "./featureStore";

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
                offlineBucketName: this.dataLake.offlineStore.bucketName,
                offlineBucketArn: this.dataLake.offlineStore.bucketArn,
                registryBucketName: this.dataLake.featureRegistry.bucketName,
            },
            child,
        );

        // <orchestration: wired by the Orchestration component (issue 3)>

        // <serving: wired by ModelRegistry/ModelEndpoint (issue 4)>

        this.registerOutputs({ kmsKeyArn: this.kmsKeyArn });
    }
}

import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../core/environment";
import { DataLakeSettings, resolveDataLakeSettings } from "./dataLakeSettings";
import { SecureBucket } from "./secureBucket";

/** Name and ARN of a data-lake bucket. */
export interface BucketRef {
    /** Bucket name. */
    readonly name: string;
    /** Bucket ARN. */
    readonly arn: string;
}

/** Arguments of `DataLake`. */
export interface DataLakeArgs extends DataLakeSettings {
    /** Deployment environment; selects retention and protection defaults. */
    readonly environment: Environment;
    /** Customer-managed KMS key every data bucket is encrypted with. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Protect and retain buckets on delete. Default: true in prod. */
    readonly protect?: boolean;
    /** Tags added to the required ones. */
    readonly tags?: Record<string, string>;
}

/**
 * The platform's S3 buckets, each a `SecureBucket` logging to one access-log bucket:
 * raw data, the Feast offline store (Parquet + Redshift staging), the Feast registry, the model
 * registry (model artifacts and notebooks), batch predictions and SageMaker data capture.
 */
export class DataLake extends pulumi.ComponentResource {
    /** Receives server access logs of every other bucket. */
    public readonly accessLogs: pulumi.Output<BucketRef>;
    /** Raw input data (what feature engineering reads). */
    public readonly raw: pulumi.Output<BucketRef>;
    /** Feast offline store: feature Parquet files and the Redshift staging prefix. */
    public readonly offlineStore: pulumi.Output<BucketRef>;
    /** Feast registry (`registry.db`). */
    public readonly featureRegistry: pulumi.Output<BucketRef>;
    /** Model artifacts (`model.tar.gz`) and pipeline notebooks. */
    public readonly modelRegistry: pulumi.Output<BucketRef>;
    /** Batch-scoring output. */
    public readonly predictions: pulumi.Output<BucketRef>;
    /** SageMaker endpoint data capture. */
    public readonly dataCapture: pulumi.Output<BucketRef>;
    /** Bucket names by purpose. */
    public readonly bucketNames: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlops-platform:index:DataLake", name, {}, opts);
        const settings = resolveDataLakeSettings(args.environment, args);
        const common = {
            environment: args.environment,
            protect: args.protect,
            tags: args.tags,
            noncurrentVersionExpirationDays: settings.noncurrentVersionExpirationDays,
        };
        const child = { parent: this };

        const accessLogs = new SecureBucket(
            `${name}-access-logs`,
            {
                ...common,
                purpose: "access-logs",
                serverAccessLogTarget: true,
                expirationDays: settings.accessLogRetentionDays,
            },
            child,
        );
        const data = (purpose: string, extra: { expirationDays?: number; infrequentAccessAfterDays?: number } = {}) =>
            bucketRef(
                new SecureBucket(
                    `${name}-${purpose}`,
                    { ...common, ...extra, purpose, kmsKeyArn: args.kmsKeyArn, accessLogBucket: accessLogs.bucketName },
                    child,
                ),
            );

        this.accessLogs = bucketRef(accessLogs);
        this.raw = data("raw", {
            expirationDays: settings.rawRetentionDays,
            infrequentAccessAfterDays: settings.infrequentAccessAfterDays,
        });
        this.offlineStore = data("offline-store", { infrequentAccessAfterDays: settings.infrequentAccessAfterDays });
        this.featureRegistry = data("feature-registry");
        this.modelRegistry = data("model-registry");
        this.predictions = data("predictions", { expirationDays: settings.predictionsRetentionDays });
        this.dataCapture = data("data-capture", { expirationDays: settings.captureRetentionDays });

        this.bucketNames = pulumi
            .all([
                this.accessLogs,
                this.raw,
                this.offlineStore,
                this.featureRegistry,
                this.modelRegistry,
                this.predictions,
                this.dataCapture,
            ])
            .apply(
                ([accessLogsRef, raw, offlineStore, featureRegistry, modelRegistry, predictions, dataCapture]): Record<
                    string,
                    string
                > => ({
                    accessLogs: accessLogsRef.name,
                    raw: raw.name,
                    offlineStore: offlineStore.name,
                    featureRegistry: featureRegistry.name,
                    modelRegistry: modelRegistry.name,
                    predictions: predictions.name,
                    dataCapture: dataCapture.name,
                }),
            );
        this.registerOutputs({
            accessLogs: this.accessLogs,
            raw: this.raw,
            offlineStore: this.offlineStore,
            featureRegistry: this.featureRegistry,
            modelRegistry: this.modelRegistry,
            predictions: this.predictions,
            dataCapture: this.dataCapture,
            bucketNames: this.bucketNames,
        });
    }
}

function bucketRef(bucket: SecureBucket): pulumi.Output<BucketRef> {
    return pulumi.all([bucket.bucketName, bucket.bucketArn]).apply(([name, arn]) => ({ name, arn }));
}

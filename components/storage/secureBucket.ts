import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, statefulOptions } from "../core/context";
import { Environment } from "../core/environment";
import { bucketObjectsArn, policyDocument, PolicyStatement } from "../core/iam";
import { stackTags } from "../core/tags";
import { DATA_LAKE_DEFAULTS } from "./dataLakeSettings";
import type { Integer } from "../core/schemaPrimitives";

/** Tag that tells the policy pack (and people) what a bucket is for. */
export const BUCKET_ROLE_TAG = "mlops-platform:bucket-role";

/** Arguments of `SecureBucket`. */
export interface SecureBucketArgs {
    /** Deployment environment; selects forceDestroy, protection and retention defaults. */
    readonly environment: Environment;
    /**
     * Customer-managed KMS key for default encryption (SSE-KMS with a bucket key). Required unless
     * `serverAccessLogTarget` is true: S3 cannot deliver server access logs into an SSE-KMS bucket.
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /**
     * This bucket receives S3 server access logs of the stack's other buckets. It is encrypted with
     * SSE-S3 (the only default encryption log delivery supports), is not itself logged, and its
     * policy lets `logging.s3.amazonaws.com` write for this account only. Default: false.
     */
    readonly serverAccessLogTarget?: boolean;
    /** Name of the bucket that receives this bucket's access logs. Required unless this is the log target. */
    readonly accessLogBucket?: pulumi.Input<string>;
    /**
     * What the bucket is for (`raw`, `offline-store`, `dags`, ...): its `mlops-platform:bucket-role` tag and log
     * prefix.
     */
    readonly purpose: string;
    /** Keep object versions. Default: true (MWAA requires it on the DAG bucket). */
    readonly versioning?: boolean;
    /** Expire current objects after this many days. Default: never. */
    readonly expirationDays?: Integer;
    /** Expire noncurrent versions after this many days. Default: 7 in dev, 30 in staging, 90 in prod. */
    readonly noncurrentVersionExpirationDays?: Integer;
    /** Move current objects to STANDARD_IA after this many days (≥ 30). Default: never. */
    readonly infrequentAccessAfterDays?: Integer;
    /** Abort incomplete multipart uploads after this many days. Default: 7. */
    readonly abortIncompleteUploadDays?: Integer;
    /** Let `pulumi destroy` delete a bucket that still holds objects. Default: true outside prod; refused in prod. */
    readonly forceDestroy?: boolean;
    /** Protect and retain the bucket on delete. Default: true in prod. */
    readonly protect?: boolean;
    /** Tags added to the required ones. */
    readonly tags?: Record<string, string>;
}

/**
 * An S3 bucket with every guard on: public access blocked (all four flags), ACLs disabled
 * (BucketOwnerEnforced), default encryption SSE-KMS with a bucket key, versioning, a bucket policy
 * that denies plain HTTP and TLS < 1.2, lifecycle rules (abort incomplete uploads, optional expiry
 * and tiering) and server access logging to the stack's log bucket.
 */
export class SecureBucket extends pulumi.ComponentResource {
    /** The bucket. */
    public readonly bucket: aws.s3.Bucket;
    /** Bucket name. */
    public readonly bucketName: pulumi.Output<string>;
    /** Bucket ARN. */
    public readonly bucketArn: pulumi.Output<string>;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        const { forceDestroy, logTarget } = checkSecureBucketArgs(name, args);
        super("mlops-platform:index:SecureBucket", name, {}, opts);
        const defaults = DATA_LAKE_DEFAULTS[args.environment];
        const child = { parent: this };

        this.bucket = new aws.s3.Bucket(
            name,
            { forceDestroy, tags: stackTags(args.environment, { ...args.tags, [BUCKET_ROLE_TAG]: args.purpose }) },
            { ...child, ...statefulOptions(args.environment, args.protect) },
        );
        const bucket = this.bucket.id;

        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            name,
            {
                bucket,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            child,
        );
        new aws.s3.BucketOwnershipControls(name, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            name,
            {
                bucket,
                rules: [
                    logTarget
                        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
                        : {
                              applyServerSideEncryptionByDefault: {
                                  sseAlgorithm: "aws:kms",
                                  kmsMasterKeyId: args.kmsKeyArn,
                              },
                              bucketKeyEnabled: true,
                          },
                ],
            },
            child,
        );
        const versioning = new aws.s3.BucketVersioning(
            name,
            { bucket, versioningConfiguration: { status: (args.versioning ?? true) ? "Enabled" : "Suspended" } },
            child,
        );
        new aws.s3.BucketLifecycleConfiguration(
            name,
            { bucket, rules: lifecycleRules(args, defaults.noncurrentVersionExpirationDays) },
            // S3 rejects lifecycle rules on noncurrent versions while versioning is still being enabled.
            { ...child, dependsOn: [versioning] },
        );
        if (!logTarget) {
            new aws.s3.BucketLogging(
                name,
                {
                    bucket,
                    targetBucket: args.accessLogBucket!,
                    targetPrefix: `${args.purpose}/`,
                    targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
                },
                child,
            );
        }

        const bucketArn = this.bucket.arn;
        const objects = bucketObjectsArn(bucketArn);
        const statements: PolicyStatement[] = [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, objects],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "DenyOutdatedTls",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, objects],
                Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
            },
            ...(logTarget ? [accessLogDeliveryStatement(objects, awsContext(this).accountId)] : []),
        ];
        new aws.s3.BucketPolicy(
            name,
            { bucket, policy: policyDocument(statements) },
            // A policy can only be attached once public-policy blocking is in place.
            { ...child, dependsOn: [publicAccessBlock] },
        );

        this.bucketName = this.bucket.bucket;
        this.bucketArn = bucketArn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}

/** Rejects bad combinations before anything is registered; returns the resolved flags. */
function checkSecureBucketArgs(name: string, args: SecureBucketArgs): { forceDestroy: boolean; logTarget: boolean } {
    const logTarget = args.serverAccessLogTarget ?? false;
    const forceDestroy = args.forceDestroy ?? DATA_LAKE_DEFAULTS[args.environment].forceDestroyBuckets;
    const fail = (key: string, why: string) => new Error(`SecureBucket ${name}: ${key} ${why}`);
    if (forceDestroy && args.environment === "prod")
        throw fail("forceDestroy", "is refused in prod (it deletes data on destroy)");
    if (!logTarget && args.kmsKeyArn === undefined)
        throw fail("kmsKeyArn", "is required (SSE-KMS with a customer key)");
    if (!logTarget && args.accessLogBucket === undefined)
        throw fail("accessLogBucket", "is required so access is audited");
    if (args.infrequentAccessAfterDays !== undefined && args.infrequentAccessAfterDays < 30) {
        throw fail("infrequentAccessAfterDays", "must be at least 30 (S3 minimum for STANDARD_IA)");
    }
    if (
        args.expirationDays !== undefined &&
        args.infrequentAccessAfterDays !== undefined &&
        args.expirationDays <= args.infrequentAccessAfterDays
    ) {
        throw fail("expirationDays", "must be greater than infrequentAccessAfterDays");
    }
    return { forceDestroy, logTarget };
}

function lifecycleRules(
    args: SecureBucketArgs,
    defaultNoncurrentDays: number,
): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
        {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: args.abortIncompleteUploadDays ?? 7 },
        },
    ];
    if (args.versioning ?? true) {
        rules.push({
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: {
                noncurrentDays: args.noncurrentVersionExpirationDays ?? defaultNoncurrentDays,
            },
        });
    }
    if (args.infrequentAccessAfterDays !== undefined) {
        rules.push({
            id: "transition-to-infrequent-access",
            status: "Enabled",
            filter: {},
            transitions: [{ days: args.infrequentAccessAfterDays, storageClass: "STANDARD_IA" }],
        });
    }
    if (args.expirationDays !== undefined) {
        rules.push({ id: "expire-objects", status: "Enabled", filter: {}, expiration: { days: args.expirationDays } });
    }
    return rules;
}

/** Lets the S3 logging service write access logs, only for source buckets of this account. */
function accessLogDeliveryStatement(objects: pulumi.Output<string>, accountId: pulumi.Output<string>): PolicyStatement {
    return {
        Sid: "S3ServerAccessLogDelivery",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: objects,
        Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
        },
    };
}

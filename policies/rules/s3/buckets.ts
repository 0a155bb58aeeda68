/**
 * What every S3 rule shares: the bucket types, the types of a bucket's settings resources, and how a
 * bucket is joined to them. In `@pulumi/aws` v7 a bucket's settings live on separate resources, so
 * most rules are stack policies that join each bucket to its `BucketPublicAccessBlock`,
 * `BucketPolicy`, ... by their `bucket` input (through property dependencies, or by value).
 */
import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { siblings } from "../../lib/resources";

/** Bucket types the rules apply to (`BucketV2` is the deprecated v6 name, still accepted by v7). */
export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

export const T = {
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    logging: "aws:s3/bucketLogging:BucketLogging",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    acl: "aws:s3/bucketAcl:BucketAcl",
} as const;

/** Calls `check` for every bucket with a finder for its settings resources of a given type. */
export function eachBucket(
    args: StackValidationArgs,
    check: (bucket: PolicyResource, settings: (type: string) => PolicyResource[]) => void,
): void {
    for (const bucket of args.resources.filter((r) => BUCKET_TYPES.includes(r.type))) {
        check(bucket, (type) => siblings(args.resources, bucket, type, "bucket", "bucket"));
    }
}

/** A bucket's name for messages: its logical name. */
export function label(bucket: PolicyResource): string {
    return `bucket "${bucket.name}"`;
}

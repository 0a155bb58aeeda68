/** A hardened S3 stack and single changes to it, shared by the S3 policy specs. */
import { s3NoForceDestroyInProd, s3Policies } from "../../policies/rules/s3";
import { StackResource } from "./harness";

export const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";

export function tlsPolicy(bucket: string, extra: object[] = []): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            ...extra,
        ],
    });
}

/** The settings resources SecureBucket creates for one bucket, joined by property dependencies. */
export function hardened(name: string, options: { logging?: boolean } = {}): StackResource[] {
    const on = { bucket: [name] };
    const out: StackResource[] = [
        { type: "aws:s3/bucket:Bucket", name, props: { bucket: `${name}-abc1234`, forceDestroy: false } },
        {
            type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            name: `${name}-pab`,
            deps: on,
            props: {
                bucket: `${name}-abc1234`,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
        },
        {
            type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            name: `${name}-owner`,
            deps: on,
            props: { bucket: `${name}-abc1234`, rule: { objectOwnership: "BucketOwnerEnforced" } },
        },
        {
            type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            name: `${name}-sse`,
            deps: on,
            props: {
                bucket: `${name}-abc1234`,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
                        bucketKeyEnabled: true,
                    },
                ],
            },
        },
        {
            type: "aws:s3/bucketVersioning:BucketVersioning",
            name: `${name}-versioning`,
            deps: on,
            props: { bucket: `${name}-abc1234`, versioningConfiguration: { status: "Enabled" } },
        },
        {
            type: "aws:s3/bucketPolicy:BucketPolicy",
            name: `${name}-policy`,
            deps: on,
            props: { bucket: `${name}-abc1234`, policy: tlsPolicy(`${name}-abc1234`) },
        },
        {
            type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            name: `${name}-lifecycle`,
            deps: on,
            props: {
                bucket: `${name}-abc1234`,
                rules: [{ id: "abort", status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
            },
        },
    ];
    if (options.logging !== false) {
        out.push({
            type: "aws:s3/bucketLogging:BucketLogging",
            name: `${name}-logging`,
            deps: { bucket: [name], targetBucket: ["logs"] },
            props: { bucket: `${name}-abc1234`, targetBucket: "logs-abc1234", targetPrefix: `${name}/` },
        });
    }
    return out;
}

/** A compliant stack: two data buckets logging to a log bucket. */
export function stack(): StackResource[] {
    return [...hardened("logs", { logging: false }), ...hardened("data"), ...hardened("raw")];
}

/** The stack with one resource's props replaced (or removed when `props` is undefined). */
export function change(name: string, props?: (p: Record<string, unknown>) => Record<string, unknown>): StackResource[] {
    return stack().flatMap((r) =>
        r.name !== name ? [r] : props === undefined ? [] : [{ ...r, props: props(r.props) }],
    );
}

/** Every S3 policy the hardened dev-like stack must pass (the prod-only force-destroy rule has its own spec). */
export const ALL = s3Policies.filter((p) => p !== s3NoForceDestroyInProd);

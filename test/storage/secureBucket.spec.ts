import * as assert from "assert";
import { SecureBucket } from "../../components/storage/secureBucket";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { errorMessage, sids, statement } from "../support/helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";
const S3 = (kind: string) => `aws:s3/${kind.charAt(0).toLowerCase()}${kind.slice(1)}:${kind}`;

describe("SecureBucket", () => {
    describe("data bucket in dev", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "dev" });
            new SecureBucket("raw", {
                environment: "dev",
                purpose: "raw",
                kmsKeyArn: KEY,
                accessLogBucket: "logs-bucket",
                tags: { team: "ml" },
            });
            await settle();
        });

        it("registers the bucket and its seven guards", () => {
            const custom = rec.resources
                .filter((r) => r.custom)
                .map((r) => r.type)
                .sort();
            assert.deepStrictEqual(
                custom,
                [
                    "aws:s3/bucket:Bucket",
                    S3("BucketLifecycleConfiguration"),
                    S3("BucketLogging"),
                    S3("BucketOwnershipControls"),
                    S3("BucketPolicy"),
                    S3("BucketPublicAccessBlock"),
                    S3("BucketServerSideEncryptionConfiguration"),
                    S3("BucketVersioning"),
                ].sort(),
            );
            const component = rec.named("mlops-platform:index:SecureBucket", "raw");
            assert.ok(rec.resources.filter((r) => r.custom).every((r) => r.parent === component.urn));
        });

        it("tags the bucket and allows forceDestroy outside prod, unprotected", () => {
            const bucket = rec.named("aws:s3/bucket:Bucket", "raw");
            assert.deepStrictEqual(bucket.inputs, {
                forceDestroy: true,
                tags: { environment: "dev", "managed-by": "pulumi", team: "ml", "mlops-platform:bucket-role": "raw" },
            });
            assert.strictEqual(bucket.protect, false);
            assert.strictEqual(bucket.retainOnDelete, false);
        });

        it("blocks all public access and disables ACLs", () => {
            const bucketName = rec.named("aws:s3/bucket:Bucket", "raw").outputs.bucket;
            assert.deepStrictEqual(rec.named(S3("BucketPublicAccessBlock"), "raw").inputs, {
                bucket: bucketName,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            assert.deepStrictEqual(rec.named(S3("BucketOwnershipControls"), "raw").inputs.rule, {
                objectOwnership: "BucketOwnerEnforced",
            });
        });

        it("encrypts with the customer key and a bucket key", () => {
            assert.deepStrictEqual(rec.named(S3("BucketServerSideEncryptionConfiguration"), "raw").inputs.rules, [
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
                    bucketKeyEnabled: true,
                },
            ]);
        });

        it("enables versioning and logs access under its purpose", () => {
            assert.deepStrictEqual(rec.named(S3("BucketVersioning"), "raw").inputs.versioningConfiguration, {
                status: "Enabled",
            });
            const logging = rec.named(S3("BucketLogging"), "raw").inputs;
            assert.strictEqual(logging.targetBucket, "logs-bucket");
            assert.strictEqual(logging.targetPrefix, "raw/");
        });

        it("aborts incomplete uploads and expires noncurrent versions, after versioning is on", () => {
            const lifecycle = rec.named(S3("BucketLifecycleConfiguration"), "raw");
            assert.deepStrictEqual(lifecycle.inputs.rules, [
                {
                    id: "abort-incomplete-multipart-uploads",
                    status: "Enabled",
                    filter: {},
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
                {
                    id: "expire-noncurrent-versions",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: 7 },
                },
            ]);
            assert.ok(lifecycle.dependencies.includes(rec.named(S3("BucketVersioning"), "raw").urn));
        });

        it("denies plain HTTP and old TLS for everyone, and nothing else", () => {
            const policy = rec.named(S3("BucketPolicy"), "raw");
            assert.deepStrictEqual(sids(policy), ["DenyInsecureTransport", "DenyOutdatedTls"]);
            const arn = rec.named("aws:s3/bucket:Bucket", "raw").outputs.arn;
            assert.deepStrictEqual(statement(policy, "DenyInsecureTransport"), {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [arn, `${arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            });
            assert.deepStrictEqual(statement(policy, "DenyOutdatedTls").Condition, {
                NumericLessThan: { "s3:TlsVersion": "1.2" },
            });
            assert.ok(
                policy.dependencies.includes(rec.named(S3("BucketPublicAccessBlock"), "raw").urn),
                "policy waits for the public access block",
            );
        });
    });

    describe("access-log target", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "dev" });
            new SecureBucket("logs", {
                environment: "dev",
                purpose: "access-logs",
                serverAccessLogTarget: true,
                expirationDays: 30,
            });
            await settle();
        });

        it("uses SSE-S3, the only encryption S3 log delivery supports, and is not logged itself", () => {
            assert.deepStrictEqual(rec.named(S3("BucketServerSideEncryptionConfiguration"), "logs").inputs.rules, [
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ]);
            assert.strictEqual(rec.ofType(S3("BucketLogging")).length, 0);
        });

        it("lets only the S3 logging service of this account write", () => {
            const policy = rec.named(S3("BucketPolicy"), "logs");
            const arn = rec.named("aws:s3/bucket:Bucket", "logs").outputs.arn;
            assert.deepStrictEqual(statement(policy, "S3ServerAccessLogDelivery"), {
                Sid: "S3ServerAccessLogDelivery",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${arn}/*`,
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            });
        });

        it("expires logs", () => {
            const rules = rec.named(S3("BucketLifecycleConfiguration"), "logs").inputs.rules as { id: string }[];
            assert.deepStrictEqual(rules.at(-1), {
                id: "expire-objects",
                status: "Enabled",
                filter: {},
                expiration: { days: 30 },
            });
        });
    });

    describe("prod", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "prod" });
            new SecureBucket("models", {
                environment: "prod",
                purpose: "model-registry",
                kmsKeyArn: KEY,
                accessLogBucket: "logs",
                infrequentAccessAfterDays: 90,
                expirationDays: 365,
            });
            await settle();
        });

        it("never force-destroys, protects and retains the bucket", () => {
            const bucket = rec.named("aws:s3/bucket:Bucket", "models");
            assert.strictEqual(bucket.inputs.forceDestroy, false);
            assert.strictEqual(bucket.protect, true);
            assert.strictEqual(bucket.retainOnDelete, true);
        });

        it("keeps noncurrent versions 90 days, tiers and expires objects", () => {
            assert.deepStrictEqual(rec.named(S3("BucketLifecycleConfiguration"), "models").inputs.rules, [
                {
                    id: "abort-incomplete-multipart-uploads",
                    status: "Enabled",
                    filter: {},
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
                {
                    id: "expire-noncurrent-versions",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: 90 },
                },
                {
                    id: "transition-to-infrequent-access",
                    status: "Enabled",
                    filter: {},
                    transitions: [{ days: 90, storageClass: "STANDARD_IA" }],
                },
                { id: "expire-objects", status: "Enabled", filter: {}, expiration: { days: 365 } },
            ]);
        });
    });

    describe("bad arguments are rejected before anything is registered", () => {
        let rec: ResourceRecorder;
        beforeEach(() => {
            rec = startMockRun({ stack: "prod" });
        });
        afterEach(async () => {
            await settle();
            assert.deepStrictEqual(rec.resources, []);
        });

        it("forceDestroy in prod", () => {
            assert.strictEqual(
                errorMessage(
                    () =>
                        new SecureBucket("b", {
                            environment: "prod",
                            purpose: "raw",
                            kmsKeyArn: KEY,
                            accessLogBucket: "l",
                            forceDestroy: true,
                        }),
                ),
                "SecureBucket b: forceDestroy is refused in prod (it deletes data on destroy)",
            );
        });
        it("no KMS key", () => {
            assert.strictEqual(
                errorMessage(() => new SecureBucket("b", { environment: "dev", purpose: "raw", accessLogBucket: "l" })),
                "SecureBucket b: kmsKeyArn is required (SSE-KMS with a customer key)",
            );
        });
        it("no access-log bucket", () => {
            assert.strictEqual(
                errorMessage(() => new SecureBucket("b", { environment: "dev", purpose: "raw", kmsKeyArn: KEY })),
                "SecureBucket b: accessLogBucket is required so access is audited",
            );
        });
        it("STANDARD_IA before 30 days", () => {
            assert.strictEqual(
                errorMessage(
                    () =>
                        new SecureBucket("b", {
                            environment: "dev",
                            purpose: "raw",
                            kmsKeyArn: KEY,
                            accessLogBucket: "l",
                            infrequentAccessAfterDays: 10,
                        }),
                ),
                "SecureBucket b: infrequentAccessAfterDays must be at least 30 (S3 minimum for STANDARD_IA)",
            );
        });
    });
});

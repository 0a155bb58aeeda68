import * as assert from "assert";
import {
    s3AccessLogging,
    s3KmsEncryption,
    s3Lifecycle,
    s3NoForceDestroyInProd,
    s3Versioning,
} from "../../policies/rules/s3";
import { checkResource, checkStack, messages } from "./harness";
import { change, stack } from "./s3Fixtures";

describe("policies/s3: data protection", () => {
    describe("s3-kms-encryption", () => {
        it("reports missing default encryption", async () => {
            assert.deepStrictEqual(messages(await checkStack(s3KmsEncryption, change("data-sse"))), [
                'bucket "data" has no BucketServerSideEncryptionConfiguration; add one with SSE-KMS and ' +
                    "the stack's KMS key.",
            ]);
        });
        it("reports AES256", async () => {
            const reported = await checkStack(
                s3KmsEncryption,
                change("data-sse", (p) => ({
                    ...p,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                })),
            );
            assert.deepStrictEqual(messages(reported), [
                'bucket "data": BucketServerSideEncryptionConfiguration "data-sse" uses sseAlgorithm ' +
                    '"AES256"; use "aws:kms".',
            ]);
        });
        it("accepts SSE-S3 on the access-log bucket only (S3 log delivery does not support SSE-KMS)", async () => {
            const aes = (p: Record<string, unknown>) => ({
                ...p,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            });
            assert.deepStrictEqual(await checkStack(s3KmsEncryption, change("logs-sse", aes)), []);
            const noLogging = change("logs-sse", aes).filter(
                (r) => r.name !== "data-logging" && r.name !== "raw-logging",
            );
            assert.deepStrictEqual(messages(await checkStack(s3KmsEncryption, noLogging)), [
                'bucket "logs": BucketServerSideEncryptionConfiguration "logs-sse" uses sseAlgorithm ' +
                    '"AES256"; use "aws:kms".',
            ]);
        });
        it("reports the AWS-managed key", async () => {
            const reported = await checkStack(
                s3KmsEncryption,
                change("data-sse", (p) => ({
                    ...p,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
                })),
            );
            assert.deepStrictEqual(messages(reported), [
                'bucket "data": BucketServerSideEncryptionConfiguration "data-sse" uses the AWS-managed ' +
                    "aws/s3 key; set kmsMasterKeyId to the stack's customer-managed key.",
            ]);
        });
    });

    describe("s3-versioning", () => {
        it("reports missing versioning", async () => {
            assert.deepStrictEqual(messages(await checkStack(s3Versioning, change("data-versioning"))), [
                'bucket "data" has no BucketVersioning; add one with status "Enabled".',
            ]);
        });
        it("reports suspended versioning", async () => {
            const reported = await checkStack(
                s3Versioning,
                change("data-versioning", (p) => ({ ...p, versioningConfiguration: { status: "Suspended" } })),
            );
            assert.deepStrictEqual(messages(reported), [
                'bucket "data": BucketVersioning "data-versioning" has status "Suspended"; set it to "Enabled".',
            ]);
        });
    });

    describe("s3-access-logging", () => {
        it("reports a bucket without logging (the log bucket itself is exempt)", async () => {
            assert.deepStrictEqual(messages(await checkStack(s3AccessLogging, change("data-logging"))), [
                'bucket "data" has no BucketLogging; send its access logs to the log bucket.',
            ]);
        });
        it("reports a bucket logging to itself", async () => {
            const resources = stack().map((r) =>
                r.name === "data-logging"
                    ? {
                          ...r,
                          deps: { bucket: ["data"], targetBucket: ["data"] },
                          props: { ...r.props, targetBucket: "data-abc1234" },
                      }
                    : r,
            );
            assert.deepStrictEqual(messages(await checkStack(s3AccessLogging, resources)), [
                'bucket "data" logs to itself; set targetBucket to the separate access-log bucket.',
            ]);
        });
        it("no longer exempts the log bucket when nothing logs to it", async () => {
            const resources = stack().filter((r) => r.name !== "data-logging" && r.name !== "raw-logging");
            assert.deepStrictEqual(messages(await checkStack(s3AccessLogging, resources)), [
                'bucket "logs" has no BucketLogging; send its access logs to the log bucket.',
                'bucket "data" has no BucketLogging; send its access logs to the log bucket.',
                'bucket "raw" has no BucketLogging; send its access logs to the log bucket.',
            ]);
        });
    });

    describe("s3-lifecycle", () => {
        it("reports missing lifecycle configuration", async () => {
            assert.deepStrictEqual(messages(await checkStack(s3Lifecycle, change("data-lifecycle"))), [
                'bucket "data" has no BucketLifecycleConfiguration; add rules for expiry and ' +
                    "abortIncompleteMultipartUpload.",
            ]);
        });
        it("reports rules without abort-incomplete-multipart-upload", async () => {
            const reported = await checkStack(
                s3Lifecycle,
                change("data-lifecycle", (p) => ({
                    ...p,
                    rules: [{ id: "expire", status: "Enabled", expiration: { days: 30 } }],
                })),
            );
            assert.deepStrictEqual(messages(reported), [
                'bucket "data": no enabled lifecycle rule sets abortIncompleteMultipartUpload.daysAfterInitiation.',
            ]);
        });
        it("ignores a disabled abort rule", async () => {
            const reported = await checkStack(
                s3Lifecycle,
                change("data-lifecycle", (p) => ({
                    ...p,
                    rules: [
                        { id: "abort", status: "Disabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
                    ],
                })),
            );
            assert.strictEqual(reported.length, 1);
        });
    });

    describe("s3-no-force-destroy-in-prod", () => {
        const bucket = { type: "aws:s3/bucket:Bucket", name: "data", props: { forceDestroy: true } };
        it("reports forceDestroy in prod", async () => {
            assert.deepStrictEqual(
                await checkResource(s3NoForceDestroyInProd, bucket, { config: { environment: "prod" } }),
                ['bucket "data" sets forceDestroy: true in prod; set it to false.'],
            );
        });
        it("allows forceDestroy in dev", async () => {
            assert.deepStrictEqual(
                await checkResource(s3NoForceDestroyInProd, bucket, { config: { environment: "dev" } }),
                [],
            );
        });
        it("passes forceDestroy false in prod", async () => {
            assert.deepStrictEqual(
                await checkResource(
                    s3NoForceDestroyInProd,
                    { ...bucket, props: { forceDestroy: false } },
                    { config: { environment: "prod" } },
                ),
                [],
            );
        });
        it("reads the environment from the stack config when the policy config has none", async () => {
            assert.strictEqual(
                (
                    await checkResource(s3NoForceDestroyInProd, bucket, {
                        stackConfig: { "mlops-platform:environment": "dev" },
                    })
                ).length,
                0,
            );
            assert.strictEqual(
                (
                    await checkResource(s3NoForceDestroyInProd, bucket, {
                        stackConfig: { "mlops-platform:environment": "prod" },
                    })
                ).length,
                1,
            );
            assert.strictEqual(
                (await checkResource(s3NoForceDestroyInProd, bucket, { stackTags: { environment: "dev" } })).length,
                0,
            );
            // No environment anywhere: the strictest profile applies.
            assert.strictEqual((await checkResource(s3NoForceDestroyInProd, bucket)).length, 1);
        });
    });
});

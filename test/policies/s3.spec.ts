import * as assert from "assert";
import {
    s3AccessLogging,
    s3KmsEncryption,
    s3Lifecycle,
    s3NoForceDestroyInProd,
    s3NoPublicAcl,
    s3NoPublicPrincipal,
    s3PublicAccessBlock,
    s3TlsOnly,
    s3Versioning,
} from "../../policies/rules/s3";
import { StackResource, checkResource, checkStack, messages, urnOf } from "./harness";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";

function tlsPolicy(bucket: string, extra: object[] = []): string {
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
function hardened(name: string, options: { logging?: boolean } = {}): StackResource[] {
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
function stack(): StackResource[] {
    return [...hardened("logs", { logging: false }), ...hardened("data"), ...hardened("raw")];
}

/** The stack with one resource's props replaced (or removed when `props` is undefined). */
function change(name: string, props?: (p: Record<string, unknown>) => Record<string, unknown>): StackResource[] {
    return stack().flatMap((r) =>
        r.name !== name ? [r] : props === undefined ? [] : [{ ...r, props: props(r.props) }],
    );
}

const ALL = [
    s3PublicAccessBlock,
    s3KmsEncryption,
    s3NoPublicAcl,
    s3TlsOnly,
    s3NoPublicPrincipal,
    s3Versioning,
    s3AccessLogging,
    s3Lifecycle,
];

describe("policies/s3", () => {
    for (const policy of ALL) {
        it(`${policy.name}: the hardened buckets pass`, async () => {
            assert.deepStrictEqual(await checkStack(policy, stack()), []);
        });
    }

    describe("s3-public-access-block", () => {
        it("reports a missing block on the bucket", async () => {
            const reported = await checkStack(s3PublicAccessBlock, change("data-pab"));
            assert.deepStrictEqual(reported, [
                {
                    message: 'bucket "data" has no BucketPublicAccessBlock; add one with all four flags true.',
                    urn: urnOf("aws:s3/bucket:Bucket", "data"),
                },
            ]);
        });
        for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
            it(`reports ${flag} false`, async () => {
                const reported = await checkStack(
                    s3PublicAccessBlock,
                    change("data-pab", (p) => ({ ...p, [flag]: false })),
                );
                assert.deepStrictEqual(messages(reported), [
                    `bucket "data": set ${flag} to true on BucketPublicAccessBlock "data-pab".`,
                ]);
            });
        }
        it("joins by value when there are no property dependencies", async () => {
            const resources = stack().map((r) => ({ ...r, deps: undefined }));
            assert.deepStrictEqual(await checkStack(s3PublicAccessBlock, resources), []);
            const broken = resources.map((r) =>
                r.name === "data-pab" ? { ...r, props: { ...r.props, bucket: "someone-else" } } : r,
            );
            assert.deepStrictEqual(messages(await checkStack(s3PublicAccessBlock, broken)), [
                'bucket "data" has no BucketPublicAccessBlock; add one with all four flags true.',
            ]);
        });
    });

    describe("s3-kms-encryption", () => {
        it("reports missing default encryption", async () => {
            assert.deepStrictEqual(messages(await checkStack(s3KmsEncryption, change("data-sse"))), [
                'bucket "data" has no BucketServerSideEncryptionConfiguration; add one with SSE-KMS and the stack\'s KMS key.',
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
                'bucket "data": BucketServerSideEncryptionConfiguration "data-sse" uses sseAlgorithm "AES256"; use "aws:kms".',
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
                'bucket "logs": BucketServerSideEncryptionConfiguration "logs-sse" uses sseAlgorithm "AES256"; use "aws:kms".',
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
                'bucket "data": BucketServerSideEncryptionConfiguration "data-sse" uses the AWS-managed aws/s3 key; set kmsMasterKeyId to the stack\'s customer-managed key.',
            ]);
        });
    });

    describe("s3-no-public-acl", () => {
        it("reports missing BucketOwnerEnforced", async () => {
            const reported = await checkStack(
                s3NoPublicAcl,
                change("data-owner", (p) => ({ ...p, rule: { objectOwnership: "ObjectWriter" } })),
            );
            assert.deepStrictEqual(reported, [
                {
                    message:
                        'bucket "data" does not disable ACLs; add BucketOwnershipControls with objectOwnership "BucketOwnerEnforced".',
                    urn: urnOf("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "data-owner"),
                },
            ]);
        });
        it("reports a public canned ACL on the bucket", async () => {
            const reported = await checkStack(
                s3NoPublicAcl,
                change("data", (p) => ({ ...p, acl: "public-read" })),
            );
            assert.deepStrictEqual(messages(reported), [
                'bucket "data" has the public canned ACL "public-read"; remove it.',
            ]);
        });
        it("reports an AuthenticatedUsers grant in a BucketAcl", async () => {
            const acl: StackResource = {
                type: "aws:s3/bucketAcl:BucketAcl",
                name: "data-acl",
                deps: { bucket: ["data"] },
                props: {
                    bucket: "data-abc1234",
                    accessControlPolicy: {
                        grants: [
                            {
                                grantee: {
                                    type: "Group",
                                    uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
                                },
                                permission: "READ",
                            },
                        ],
                        owner: { id: "x" },
                    },
                },
            };
            assert.deepStrictEqual(messages(await checkStack(s3NoPublicAcl, [...stack(), acl])), [
                'bucket "data": BucketAcl "data-acl" makes the bucket public; delete it (ACLs should be disabled).',
            ]);
        });
    });

    describe("s3-tls-only", () => {
        it("reports a missing bucket policy", async () => {
            assert.deepStrictEqual(messages(await checkStack(s3TlsOnly, change("data-policy"))), [
                'bucket "data" has no BucketPolicy; add one that denies s3:* when aws:SecureTransport is "false".',
            ]);
        });
        it("reports a policy without the TLS deny", async () => {
            const allowOnly = JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { AWS: "arn:aws:iam::123456789012:role/r" },
                        Action: "s3:GetObject",
                        Resource: "arn:aws:s3:::data-abc1234/*",
                    },
                ],
            });
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        s3TlsOnly,
                        change("data-policy", (p) => ({ ...p, policy: allowOnly })),
                    ),
                ),
                [
                    'bucket "data": BucketPolicy "data-policy" has no Deny of s3:* for Principal "*" when aws:SecureTransport is "false".',
                ],
            );
        });
        it("reports a TLS deny that leaves the objects out", async () => {
            const doc = JSON.parse(tlsPolicy("data-abc1234"));
            doc.Statement[0].Resource = "arn:aws:s3:::data-abc1234";
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        s3TlsOnly,
                        change("data-policy", (p) => ({ ...p, policy: JSON.stringify(doc) })),
                    ),
                ),
                ['bucket "data": the TLS-only Deny must cover both the bucket ARN and its objects (arn/*).'],
            );
        });
        it("accepts the policy given as an object and BoolIfExists", async () => {
            const doc = JSON.parse(tlsPolicy("data-abc1234"));
            doc.Statement[0].Condition = { BoolIfExists: { "aws:SecureTransport": ["false"] } };
            doc.Statement[0].Principal = { AWS: "*" };
            assert.deepStrictEqual(
                await checkStack(
                    s3TlsOnly,
                    change("data-policy", (p) => ({ ...p, policy: doc })),
                ),
                [],
            );
        });
    });

    describe("s3-no-public-principal", () => {
        it("reports an Allow for Principal *", async () => {
            const policy = tlsPolicy("data-abc1234", [
                {
                    Sid: "Public",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::data-abc1234/*",
                },
            ]);
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        s3NoPublicPrincipal,
                        change("data-policy", (p) => ({ ...p, policy })),
                    ),
                ),
                [
                    'bucket "data": BucketPolicy "data-policy" statement "Public" allows Principal "*"; name the principals that need access.',
                ],
            );
        });
        it('reports { AWS: ["*"] } without a Sid by index', async () => {
            const policy = tlsPolicy("data-abc1234", [
                {
                    Effect: "Allow",
                    Principal: { AWS: ["*"] },
                    Action: ["s3:GetObject"],
                    Resource: "arn:aws:s3:::data-abc1234/*",
                },
            ]);
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        s3NoPublicPrincipal,
                        change("data-policy", (p) => ({ ...p, policy })),
                    ),
                ),
                [
                    'bucket "data": BucketPolicy "data-policy" statement 2 allows Principal "*"; name the principals that need access.',
                ],
            );
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
                'bucket "data" has no BucketLifecycleConfiguration; add rules for expiry and abortIncompleteMultipartUpload.',
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

import * as assert from "assert";
import { s3NoPublicAcl, s3NoPublicPrincipal, s3PublicAccessBlock, s3TlsOnly } from "../../policies/rules/s3";
import { StackResource, checkStack, messages, urnOf } from "./harness";
import { ALL, change, stack, tlsPolicy } from "./s3Fixtures";

describe("policies/s3: public exposure", () => {
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

    describe("s3-no-public-acl", () => {
        it("reports missing BucketOwnerEnforced", async () => {
            const reported = await checkStack(
                s3NoPublicAcl,
                change("data-owner", (p) => ({ ...p, rule: { objectOwnership: "ObjectWriter" } })),
            );
            assert.deepStrictEqual(reported, [
                {
                    message:
                        'bucket "data" does not disable ACLs; add BucketOwnershipControls with ' +
                        'objectOwnership "BucketOwnerEnforced".',
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
                    'bucket "data": BucketPolicy "data-policy" has no Deny of s3:* for Principal "*" when ' +
                        'aws:SecureTransport is "false".',
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
                    'bucket "data": BucketPolicy "data-policy" statement "Public" allows Principal "*"; ' +
                        "name the principals that need access.",
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
                    'bucket "data": BucketPolicy "data-policy" statement 2 allows Principal "*"; name the ' +
                        "principals that need access.",
                ],
            );
        });
    });
});

/**
 * During `pulumi preview` values computed by other resources (key ARNs, bucket names, object
 * versions) are unknown, and the policy SDK throws when a policy reads one. Presence checks count
 * an unknown value as set, joins fall back to property dependencies, and a rule whose own subject
 * is unknown lets the SDK report "can't run during preview" rather than guessing.
 */
import * as assert from "assert";
import { UnknownValueError } from "@pulumi/policy";
import { dynamodbKmsEncryption } from "../../policies/rules/dynamodb";
import { mwaaPinnedVersions } from "../../policies/rules/mwaa";
import { ecrLifecyclePolicy } from "../../policies/rules/ecr";
import { iamPassRoleScoped } from "../../policies/rules/iam";
import { s3KmsEncryption, s3NoForceDestroyInProd, s3PublicAccessBlock, s3TlsOnly } from "../../policies/rules/s3";
import { sagemakerProdDataCapture } from "../../policies/rules/sagemaker";
import { UNKNOWN, checkResource, checkStack, messages } from "./harness";

describe("policies during preview (unknown values)", () => {
    it("counts an unknown key ARN as set", async () => {
        const table = {
            type: "aws:dynamodb/table:Table",
            name: "t",
            props: { serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN } },
        };
        assert.deepStrictEqual(await checkResource(dynamodbKmsEncryption, table), []);
        const env = {
            type: "aws:mwaa/environment:Environment",
            name: "airflow",
            props: { requirementsS3Path: "requirements.txt", requirementsS3ObjectVersion: UNKNOWN },
        };
        assert.deepStrictEqual(await checkResource(mwaaPinnedVersions, env), []);
    });

    it("joins a bucket to its settings by property dependencies when the bucket name is unknown", async () => {
        const resources = [
            { type: "aws:s3/bucket:Bucket", name: "raw", props: { bucket: UNKNOWN } },
            {
                type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                name: "raw-pab",
                deps: { bucket: ["raw"] },
                props: {
                    bucket: UNKNOWN,
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                },
            },
            {
                type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                name: "raw-sse",
                deps: { bucket: ["raw"] },
                props: {
                    bucket: UNKNOWN,
                    rules: [
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN } },
                    ],
                },
            },
        ];
        assert.deepStrictEqual(await checkStack(s3PublicAccessBlock, resources), []);
        assert.deepStrictEqual(await checkStack(s3KmsEncryption, resources), []);
    });

    it("matches the capture bucket by dependency when the destination URI is unknown", async () => {
        const resources = [
            { type: "aws:s3/bucket:Bucket", name: "capture", props: { bucket: UNKNOWN } },
            {
                type: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
                name: "config",
                deps: { dataCaptureConfig: ["capture"] },
                props: {
                    productionVariants: [{ variantName: "primary", initialInstanceCount: 2 }],
                    dataCaptureConfig: { enableCapture: true, destinationS3Uri: UNKNOWN, kmsKeyId: UNKNOWN },
                },
            },
        ];
        assert.deepStrictEqual(
            await checkStack(sagemakerProdDataCapture, resources, { config: { environment: "prod" } }),
            [],
        );
    });

    it("stack policies skip a policy document that is still unknown, and keep checking the others", async () => {
        const bucket = (name: string, policy: string) => [
            { type: "aws:s3/bucket:Bucket", name, props: { bucket: UNKNOWN } },
            {
                type: "aws:s3/bucketPolicy:BucketPolicy",
                name: `${name}-policy`,
                deps: { bucket: [name] },
                props: { bucket: UNKNOWN, policy },
            },
        ];
        const allowOnly = JSON.stringify({
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:root" },
                    Action: "s3:GetObject",
                    Resource: "*",
                },
            ],
        });
        assert.deepStrictEqual(
            messages(await checkStack(s3TlsOnly, [...bucket("raw", UNKNOWN), ...bucket("models", allowOnly)])),
            [
                'bucket "models": BucketPolicy "models-policy" has no Deny of s3:* for Principal "*" when ' +
                    'aws:SecureTransport is "false".',
            ],
        );
        const roles = [
            { type: "aws:iam/role:Role", name: "serving", props: { arn: UNKNOWN } },
            {
                type: "aws:iam/rolePolicy:RolePolicy",
                name: "airflow-policy",
                props: { role: UNKNOWN, policy: UNKNOWN },
            },
        ];
        assert.deepStrictEqual(await checkStack(iamPassRoleScoped, roles), []);
        const repo = [
            { type: "aws:ecr/repository:Repository", name: "serving", props: { name: UNKNOWN } },
            {
                type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
                name: "serving-lifecycle",
                deps: { repository: ["serving"] },
                props: { repository: UNKNOWN, policy: UNKNOWN },
            },
        ];
        assert.deepStrictEqual(await checkStack(ecrLifecyclePolicy, repo), []);
    });

    it("lets the SDK report a rule whose subject is unknown", async () => {
        const bucket = { type: "aws:s3/bucket:Bucket", name: "raw", props: { forceDestroy: UNKNOWN } };
        await assert.rejects(
            checkResource(s3NoForceDestroyInProd, bucket, { config: { environment: "prod" } }),
            UnknownValueError,
        );
    });
});

import * as assert from "assert";
import { prodStatefulProtected, requiredTagsPolicy } from "../../policies/rules/stack";
import { checkResource } from "./harness";

const TAGS = { environment: "prod", "managed-by": "pulumi", team: "ml-platform" };
const PROD = {
    config: { environment: "prod" },
    stackConfig: { "mlops-platform:tags": JSON.stringify({ team: "ml-platform" }) },
};
const bucket = (tags?: Record<string, string>) => ({
    type: "aws:s3/bucket:Bucket",
    name: "raw",
    props: tags ? { tags } : {},
});

describe("policies/stack", () => {
    describe("required-tags", () => {
        it("passes a bucket with environment, managed-by and the configured tags", async () => {
            assert.deepStrictEqual(await checkResource(requiredTagsPolicy, bucket(TAGS), PROD), []);
        });
        it("reports missing tags, base ones first", async () => {
            assert.deepStrictEqual(await checkResource(requiredTagsPolicy, bucket(), PROD), [
                'Bucket "raw": missing tags "environment", "managed-by" and "team".',
            ]);
            assert.deepStrictEqual(await checkResource(requiredTagsPolicy, bucket({ ...TAGS, team: "" }), PROD), [
                'Bucket "raw": missing tag "team".',
            ]);
        });
        it("reports wrong values", async () => {
            assert.deepStrictEqual(
                await checkResource(
                    requiredTagsPolicy,
                    bucket({ ...TAGS, environment: "dev", "managed-by": "terraform" }),
                    PROD,
                ),
                [
                    'Bucket "raw": tag "environment" is "dev", expected "prod"; tag "managed-by" is ' +
                        '"terraform", expected "pulumi".',
                ],
            );
        });
        it("takes required tags from policy config too, and accepts tagsAll", async () => {
            const run = { config: { environment: "dev", requiredTags: { "cost-center": "42" } } };
            assert.deepStrictEqual(
                await checkResource(requiredTagsPolicy, bucket({ environment: "dev", "managed-by": "pulumi" }), run),
                ['Bucket "raw": missing tag "cost-center".'],
            );
            const viaTagsAll = {
                type: "aws:s3/bucket:Bucket",
                name: "raw",
                props: { tags: { environment: "dev" }, tagsAll: { "managed-by": "pulumi", "cost-center": "42" } },
            };
            assert.deepStrictEqual(await checkResource(requiredTagsPolicy, viaTagsAll, run), []);
        });
        it("checks any resource with a tags input, and skips components, providers and untaggable types", async () => {
            assert.deepStrictEqual(
                await checkResource(
                    requiredTagsPolicy,
                    { type: "aws:ec2/eip:Eip", name: "nat", props: { tags: {} } },
                    PROD,
                ),
                ['Eip "nat": missing tags "environment", "managed-by" and "team".'],
            );
            for (const type of [
                "mlops-platform:index:SecureBucket",
                "pulumi:providers:aws",
                "aws:iam/rolePolicy:RolePolicy",
                "aws:s3/bucketObjectv2:BucketObjectv2",
            ]) {
                assert.deepStrictEqual(
                    await checkResource(requiredTagsPolicy, { type, name: "x", props: {} }, PROD),
                    [],
                    type,
                );
            }
        });
    });

    describe("prod-stateful-protected", () => {
        it("reports an unprotected stateful resource in prod", async () => {
            assert.deepStrictEqual(
                await checkResource(
                    prodStatefulProtected,
                    { type: "aws:dynamodb/table:Table", name: "features", props: {} },
                    PROD,
                ),
                [
                    'Table "features" holds data but is not protected in prod; set protect: true and ' +
                        "retainOnDelete: true.",
                ],
            );
        });
        it("passes protected resources, dev stacks and stateless resources", async () => {
            assert.deepStrictEqual(
                await checkResource(
                    prodStatefulProtected,
                    { type: "aws:kms/key:Key", name: "k", props: {}, protect: true },
                    PROD,
                ),
                [],
            );
            assert.deepStrictEqual(
                await checkResource(
                    prodStatefulProtected,
                    { type: "aws:kms/key:Key", name: "k", props: {} },
                    { config: { environment: "dev" } },
                ),
                [],
            );
            assert.deepStrictEqual(
                await checkResource(
                    prodStatefulProtected,
                    { type: "aws:sagemaker/model:Model", name: "m", props: {} },
                    PROD,
                ),
                [],
            );
        });
    });
});

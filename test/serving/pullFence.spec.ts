/**
 * The pull fence wired without a TypeScript method: `ModelEndpoint.repositoryName` is a plain input,
 * so a Python, Go or C# program gets the same repository policy as `MlopsPlatform` does.
 */
import * as assert from "assert";
import { ModelEndpoint, ModelEndpointArgs } from "../../components/serving/modelEndpoint";
import { ModelRegistry } from "../../components/serving/modelRegistry";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { policyOf } from "../support/helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";
const CI_ROLE = "arn:aws:iam::123456789012:role/ci-image-tests";
const REPO_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy";

function endpointArgs(registry: ModelRegistry, fence: Partial<ModelEndpointArgs>): ModelEndpointArgs {
    return {
        environment: "dev",
        endpointName: "ranker-dev",
        repositoryUrl: registry.repositoryUrl,
        repositoryArn: registry.repositoryArn,
        image: { tag: "v1" },
        variants: [{ name: "primary", instanceType: "ml.c5.large", initialInstanceCount: 1 }],
        kmsKeyArn: KEY,
        modelBucketName: "models-bucket",
        modelBucketArn: "arn:aws:s3:::models-bucket",
        featureTableArns: ["arn:aws:dynamodb:us-east-1:123456789012:table/ranking.user_features"],
        ...fence,
    };
}

describe("pull fence owned by the endpoint (ModelEndpoint.repositoryName)", () => {
    let rec: ResourceRecorder;
    before(async () => {
        rec = startMockRun({ stack: "dev" });
        const registry = new ModelRegistry("images", { environment: "dev", kmsKeyArn: KEY });
        new ModelEndpoint(
            "ranker",
            endpointArgs(registry, { repositoryName: registry.repositoryName, additionalPullRoleArns: [CI_ROLE] }),
        );
        await settle();
    });

    it("creates the repository's single policy, for the endpoint role and the listed roles", () => {
        assert.deepStrictEqual(
            rec.ofType(REPO_POLICY).map((p) => p.name),
            ["ranker-image-pull"],
        );
        const policy = rec.named(REPO_POLICY, "ranker-image-pull");
        assert.strictEqual(policy.inputs.repository, rec.named("aws:ecr/repository:Repository", "images").outputs.name);
        const roleArn = rec.named("aws:iam/role:Role", "ranker").outputs.arn;
        const [allow, deny] = policyOf(policy).Statement;
        assert.deepStrictEqual(allow.Principal, { AWS: [roleArn, CI_ROLE] });
        assert.deepStrictEqual(deny.Condition?.ArnNotLike["aws:PrincipalArn"], [
            roleArn,
            CI_ROLE,
            "arn:aws:iam::123456789012:role/aws-service-role/*",
        ]);
        assert.strictEqual(policy.parent, rec.named("mlops-platform:index:ModelEndpoint", "ranker").urn);
    });
});

describe("no pull fence from the endpoint without repositoryName", () => {
    it("leaves the repository policy to the registry's pullRoleArns", async () => {
        const rec = startMockRun({ stack: "dev" });
        const registry = new ModelRegistry("images", { environment: "dev", kmsKeyArn: KEY, pullRoleArns: [CI_ROLE] });
        new ModelEndpoint("ranker", endpointArgs(registry, {}));
        await settle();
        assert.deepStrictEqual(
            rec.ofType(REPO_POLICY).map((p) => p.name),
            ["images-pull"],
        );
    });
});

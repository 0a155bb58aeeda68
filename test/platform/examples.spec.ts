import * as assert from "assert";
import * as path from "path";
import { ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { loadStack } from "../../tools/plan/stackFiles";
import { policyOf, statement } from "../support/helpers";

const exampleDir = path.resolve(__dirname, "..", "..", "..", "examples", "endpoint-only");

describe("example: endpoint-only (another team's program)", () => {
    let rec: ResourceRecorder;
    let program: Record<string, unknown>;
    before(async () => {
        const files = loadStack(exampleDir, { stack: "dev" });
        rec = startMockRun({ project: files.project, stack: files.stack, config: files.config });
        program = require(path.resolve(__dirname, "..", "..", "examples", "endpoint-only", "index.js"));
        await settle();
    });

    it("uses only the registry, endpoint, key and bucket components", () => {
        const components = rec.resources.filter((r) => !r.custom).map((r) => `${r.type.split(":")[2]}/${r.name}`);
        assert.deepStrictEqual(components.sort(), [
            "EncryptionKey/recsys-key",
            "ModelEndpoint/recsys",
            "ModelRegistry/recsys-images",
            "SecureBucket/recsys-logs",
            "SecureBucket/recsys-models",
        ]);
        for (const platformType of [
            "aws:dynamodb/table:Table",
            "aws:mwaa/environment:Environment",
            "aws:glue/catalogDatabase:CatalogDatabase",
        ]) {
            assert.strictEqual(rec.ofType(platformType).length, 0, platformType);
        }
    });

    it("serves the team's image from its own repository, encrypted with its own key, in its region", () => {
        const repository = rec.ofType("aws:ecr/repository:Repository")[0];
        const key = rec.ofType("aws:kms/key:Key")[0];
        assert.deepStrictEqual(repository.inputs.encryptionConfigurations, [
            { encryptionType: "KMS", kmsKey: key.outputs.arn },
        ]);
        const model = rec.ofType("aws:sagemaker/model:Model")[0];
        assert.strictEqual(
            (model.inputs.primaryContainer as { image: string }).image,
            `${repository.outputs.repositoryUrl}:v1.4.0`,
        );
        assert.match(String(repository.outputs.repositoryUrl), /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\//);
        assert.strictEqual(
            rec.ofType("aws:sagemaker/endpointConfiguration:EndpointConfiguration")[0].inputs.kmsKeyArn,
            key.outputs.arn,
        );
    });

    it("scopes the role to the team's bucket and its existing feature table", () => {
        const bucketArn = rec.named("aws:s3/bucket:Bucket", "recsys-models").outputs.arn as string;
        const policy = rec.ofType("aws:iam/rolePolicy:RolePolicy")[0];
        const doc = JSON.stringify(policyOf(policy));
        assert.ok(doc.includes(`${bucketArn}/models/recsys-ranker/*`), doc);
        const tableStatement = policyOf(policy).Statement.find((s) =>
            JSON.stringify(s.Action).includes("dynamodb:GetItem"),
        )!;
        assert.deepStrictEqual(tableStatement.Resource, [
            "arn:aws:dynamodb:eu-west-1:123456789012:table/recsys.user_features",
        ]);
        assert.ok(!doc.includes("mlops-"), "no platform resource leaks into the team's role");
    });

    it("lets only the endpoint role pull the image", () => {
        const repoPolicy = rec.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy")[0];
        const role = rec.ofType("aws:iam/role:Role")[0];
        const allow = policyOf(repoPolicy).Statement.find((s) => s.Effect === "Allow")!;
        assert.deepStrictEqual(allow.Principal, { AWS: [role.outputs.arn] });
        assert.ok(statement(repoPolicy, allow.Sid!).Action.includes("ecr:BatchGetImage"));
    });

    it("exports the endpoint name, repository URL and role", async () => {
        assert.strictEqual(await valueOf(program.endpointName as never), "recsys-ranker");
        assert.match(
            await valueOf(program.repositoryUrl as never),
            /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/recsys-images-[0-9a-f]{7}$/,
        );
        assert.match(await valueOf(program.roleArn as never), /^arn:aws:iam::123456789012:role\//);
    });
});

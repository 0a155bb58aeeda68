/**
 * examples/team-endpoint: a standalone team program (own package.json depending on the package)
 * that reads the platform stack through PlatformReference (stubbed stack reference under the
 * mocks) and adds its own registry and endpoint on the platform's key, bucket and feature table.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PLATFORM_OUTPUTS_VERSION } from "../../components/platform/platformOutputs";
import { ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { loadStack } from "../../tools/plan/stackFiles";
import { policyOf, statement } from "../support/helpers";

const exampleDir = path.resolve(__dirname, "..", "..", "..", "examples", "team-endpoint");
const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";
/** The platform stack's `platform` output, as `pulumi stack output platform` would show it. */
const PLATFORM = {
    version: PLATFORM_OUTPUTS_VERSION,
    environment: "dev",
    kmsKeyArn: KEY,
    bucketNames: { modelRegistry: "mlops-dev-model-registry-1234567", raw: "mlops-dev-raw-1234567" },
    glueDatabase: "customer_segmentation",
    onlineTableNames: { customer_rfm_features: "customer_segmentation.customer_rfm_features" },
    vpcId: "vpc-0123456789abcdef0",
    privateSubnetIds: ["subnet-a", "subnet-b"],
    featureStoreYaml: "project: customer_segmentation\n",
};

describe("example: team-endpoint (a team's program on the platform contract)", () => {
    let rec: ResourceRecorder;
    let program: Record<string, unknown>;
    before(async () => {
        const files = loadStack(exampleDir, { stack: "dev" });
        rec = startMockRun({
            project: files.project,
            stack: files.stack,
            config: files.config,
            stackOutputs: { "acme/mlops-platform/dev": { platform: PLATFORM } },
        });
        program = require(path.resolve(__dirname, "..", "..", "examples", "team-endpoint", "index.js"));
        await settle();
    });

    it("is a standalone program: its own package.json depends on the published package", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(exampleDir, "package.json"), "utf8"));
        assert.strictEqual(manifest.dependencies["mlops-platform"], "^0.2.0");
        const source = fs.readFileSync(path.join(exampleDir, "index.ts"), "utf8");
        assert.doesNotMatch(source, /from "\.\.?\//, "imports the repository's sources by relative path");
    });

    it("adds only its own registry and endpoint (the platform stays in the platform stack)", () => {
        const components = rec.resources.filter((r) => !r.custom).map((r) => `${r.type.split(":")[2]}/${r.name}`);
        assert.deepStrictEqual(components.sort(), ["ModelEndpoint/ranker", "ModelRegistry/ranker-images"]);
        for (const platformType of ["aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:dynamodb/table:Table"])
            assert.strictEqual(rec.ofType(platformType).length, 0, platformType);
    });

    it("encrypts with the platform's key and reads the platform's model bucket and online table", () => {
        const repository = rec.ofType("aws:ecr/repository:Repository")[0];
        assert.deepStrictEqual(repository.inputs.encryptionConfigurations, [{ encryptionType: "KMS", kmsKey: KEY }]);
        assert.strictEqual(
            rec.ofType("aws:sagemaker/endpointConfiguration:EndpointConfiguration")[0].inputs.kmsKeyArn,
            KEY,
        );
        const doc = JSON.stringify(policyOf(rec.ofType("aws:iam/rolePolicy:RolePolicy")[0]));
        assert.ok(doc.includes("arn:aws:s3:::mlops-dev-model-registry-1234567/models/ranker"), doc);
        assert.ok(
            doc.includes("arn:aws:dynamodb:us-east-1:123456789012:table/customer_segmentation.customer_rfm_features"),
            doc,
        );
    });

    it("lets only the endpoint role pull the image", () => {
        const repoPolicy = rec.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy")[0];
        const role = rec.ofType("aws:iam/role:Role")[0];
        const allow = policyOf(repoPolicy).Statement.find((s) => s.Effect === "Allow")!;
        assert.deepStrictEqual(allow.Principal, { AWS: [role.outputs.arn] });
        assert.ok(statement(repoPolicy, allow.Sid!).Action.includes("ecr:BatchGetImage"));
    });

    it("exports the endpoint name, repository URL and role", async () => {
        assert.strictEqual(await valueOf(program.endpointName as never), "ranker-dev");
        assert.match(
            await valueOf(program.repositoryUrl as never),
            /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\//,
        );
        assert.match(await valueOf(program.roleArn as never), /^arn:aws:iam::123456789012:role\//);
    });
});

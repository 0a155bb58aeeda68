import * as assert from "assert";
import { ConfigError } from "../../components/core/configErrors";
import { lifecyclePolicyDocument, ModelRegistry } from "../../components/serving/modelRegistry";
import { ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { policyOf } from "../support/helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";
const ROLE = "arn:aws:iam::123456789012:role/serving-role";
const REPO = "aws:ecr/repository:Repository";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const REPO_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy";
const DEV_TAGS = { environment: "dev", "managed-by": "pulumi", team: "ml" };

describe("ModelRegistry", () => {
    describe("dev, pull roles left to the endpoint", () => {
        let rec: ResourceRecorder;
        let registry: ModelRegistry;
        before(async () => {
            rec = startMockRun({ stack: "dev" });
            registry = new ModelRegistry("models", { environment: "dev", kmsKeyArn: KEY, tags: { team: "ml" } });
            await settle();
        });

        it("registers the repository and its lifecycle policy, and no repository policy yet", () => {
            assert.deepStrictEqual(
                rec.resources.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`),
                [`${REPO} models`, `${LIFECYCLE} models`],
            );
            const component = rec.named("mlops-platform:index:ModelRegistry", "models");
            for (const r of rec.resources.filter((r) => r.custom)) assert.strictEqual(r.parent, component.urn);
        });

        it(
            "immutable tags, scan on push, KMS with the stack key, auto-named, force-deletable in dev, " +
                "unprotected",
            () => {
                const repo = rec.named(REPO, "models");
                assert.deepStrictEqual(repo.inputs, {
                    imageTagMutability: "IMMUTABLE",
                    imageScanningConfiguration: { scanOnPush: true },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }],
                    forceDelete: true,
                    tags: DEV_TAGS,
                });
                assert.strictEqual(repo.protect, false);
                assert.strictEqual(repo.retainOnDelete, false);
            },
        );

        it("expires untagged images after 3 days and keeps the last 10 tagged (dev profile)", () => {
            const lifecycle = rec.named(LIFECYCLE, "models");
            assert.strictEqual(lifecycle.inputs.repository, rec.named(REPO, "models").outputs.name);
            assert.deepStrictEqual(JSON.parse(lifecycle.inputs.policy as string), {
                rules: [
                    {
                        rulePriority: 1,
                        description: "Expire untagged images 3 days after push",
                        selection: {
                            tagStatus: "untagged",
                            countType: "sinceImagePushed",
                            countUnit: "days",
                            countNumber: 3,
                        },
                        action: { type: "expire" },
                    },
                    {
                        rulePriority: 2,
                        description: "Keep the last 10 tagged images",
                        selection: {
                            tagStatus: "tagged",
                            tagPatternList: ["*"],
                            countType: "imageCountMoreThan",
                            countNumber: 10,
                        },
                        action: { type: "expire" },
                    },
                ],
            });
        });

        it("outputs the repository URL and ARN", async () => {
            const name = rec.named(REPO, "models").outputs.name as string;
            assert.match(name, /^models-[0-9a-f]{7}$/);
            assert.strictEqual(
                await valueOf(registry.repositoryUrl),
                `123456789012.dkr.ecr.us-east-1.amazonaws.com/${name}`,
            );
            assert.strictEqual(
                await valueOf(registry.repositoryArn),
                `arn:aws:ecr:us-east-1:123456789012:repository/${name}`,
            );
        });
    });

    describe("prod with pull roles and overrides", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "prod" });
            new ModelRegistry("models", {
                environment: "prod",
                kmsKeyArn: KEY,
                repositoryName: "ml/customer-segmentation",
                keepTaggedImages: 50,
                untaggedExpiryDays: 7,
                pullRoleArns: [ROLE],
            });
            await settle();
        });

        it("protects and retains the repository and never force-deletes it", () => {
            const repo = rec.named(REPO, "models");
            assert.strictEqual(repo.protect, true);
            assert.strictEqual(repo.retainOnDelete, true);
            assert.strictEqual(repo.inputs.forceDelete, false);
            assert.strictEqual(repo.inputs.name, "ml/customer-segmentation");
        });

        it("uses the configured lifecycle numbers", () => {
            assert.strictEqual(rec.named(LIFECYCLE, "models").inputs.policy, lifecyclePolicyDocument(50, 7));
        });

        it("lets only the given roles of this account pull and denies image reads to everyone else", () => {
            const policy = rec.named(REPO_POLICY, "models-pull");
            assert.strictEqual(policy.inputs.repository, "ml/customer-segmentation");
            assert.strictEqual(policy.protect, false);
            assert.deepStrictEqual(policyOf(policy).Statement, [
                {
                    Effect: "Allow",
                    Sid: "PullByServingRoles",
                    Principal: { AWS: [ROLE] },
                    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
                    Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" } },
                },
                {
                    Effect: "Deny",
                    Sid: "DenyImageReadsByOthers",
                    Principal: "*",
                    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                    // SageMaker (an AWS service principal) and the account's service-linked roles are never locked out.
                    Condition: {
                        ArnNotLike: { "aws:PrincipalArn": [ROLE, "arn:aws:iam::123456789012:role/aws-service-role/*"] },
                        BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
                    },
                },
            ]);
        });
    });

    describe("bad arguments are rejected before anything is registered", () => {
        let rec: ResourceRecorder;
        before(() => {
            rec = startMockRun({ stack: "dev" });
        });
        const cases: [string, Record<string, unknown>, string][] = [
            [
                "repository name with upper case",
                { repositoryName: "Models" },
                "repositoryName: must be 2-256 lower-case letters",
            ],
            ["keepTaggedImages 0", { keepTaggedImages: 0 }, "keepTaggedImages: "],
            ["untaggedExpiryDays above a year", { untaggedExpiryDays: 400 }, "untaggedExpiryDays: "],
        ];
        for (const [title, extra, expected] of cases) {
            it(title, async () => {
                let error: unknown;
                try {
                    new ModelRegistry(`bad-${title.length}`, { environment: "dev", kmsKeyArn: KEY, ...extra });
                } catch (err) {
                    error = err;
                }
                assert.ok(error instanceof ConfigError, String(error));
                assert.ok(error.message.includes(expected), error.message);
                await settle();
                assert.strictEqual(rec.resources.filter((r) => r.custom).length, 0);
            });
        }
    });
});

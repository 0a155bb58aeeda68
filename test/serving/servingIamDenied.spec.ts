/**
 * The serving role's grants, checked with a real IAM policy evaluator (@cloud-copilot/iam-simulate,
 * a dev-only dependency): identity policy of the endpoint role, the ECR repository policy, the
 * stack key's key policy and the role's trust policy, exactly as the components render them.
 */
import "../iam/resourceTypeCache";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import * as assert from "assert";
import {
    ACCOUNT,
    TABLE,
    OTHER_TABLE,
    MODEL_BUCKET,
    CAPTURE_BUCKET,
    REGISTRY_BUCKET,
    OTHER_REPO,
    OTHER_ROLE,
    roleArn,
    repoArn,
    keyArn,
    repositoryPolicy,
    keyPolicy,
    trustPolicy,
    renderProdServing,
    expectDenied,
    kmsContext,
} from "../support/servingIamSimulation";

describe("serving IAM (real policy evaluator)", () => {
    before(renderProdServing);

    describe("what it must not do", () => {
        it("cannot write, delete or scan its feature table", async () => {
            for (const action of [
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:Scan",
                "dynamodb:DeleteTable",
            ]) {
                await expectDenied({ action, resource: TABLE });
            }
        });

        it("cannot read other tables", () => expectDenied({ action: "dynamodb:GetItem", resource: OTHER_TABLE }));

        it("cannot read other buckets, other endpoints' artifacts, or its own captures", async () => {
            await expectDenied({
                action: "s3:GetObject",
                resource: "arn:aws:s3:::mlops-prod-raw-1234567/customers.csv",
            });
            await expectDenied({
                action: "s3:GetObject",
                resource: `arn:aws:s3:::${MODEL_BUCKET}/models/another-endpoint/model.tar.gz`,
            });
            await expectDenied({
                action: "s3:GetObject",
                resource: `arn:aws:s3:::${MODEL_BUCKET}/notebooks/train.ipynb`,
            });
            await expectDenied({
                action: "s3:GetObject",
                resource: `arn:aws:s3:::${CAPTURE_BUCKET}/datacapture/customer-segmentation/primary/x.jsonl`,
            });
            await expectDenied({ action: "s3:ListBucket", resource: `arn:aws:s3:::${MODEL_BUCKET}` });
        });

        it("cannot change the Feast registry or read anything else in its bucket", async () => {
            await expectDenied({ action: "s3:PutObject", resource: `arn:aws:s3:::${REGISTRY_BUCKET}/registry.db` });
            await expectDenied({ action: "s3:GetObject", resource: `arn:aws:s3:::${REGISTRY_BUCKET}/registry.db.bak` });
        });

        it("cannot overwrite models or write captures of another endpoint", async () => {
            await expectDenied({
                action: "s3:PutObject",
                resource: `arn:aws:s3:::${MODEL_BUCKET}/models/customer-segmentation/model.tar.gz`,
            });
            await expectDenied({
                action: "s3:PutObject",
                resource: `arn:aws:s3:::${CAPTURE_BUCKET}/datacapture/another-endpoint/x.jsonl`,
            });
        });

        it("cannot pull other repositories or push to its own", async () => {
            await expectDenied({ action: "ecr:BatchGetImage", resource: OTHER_REPO });
            await expectDenied({ action: "ecr:GetDownloadUrlForLayer", resource: OTHER_REPO });
            await expectDenied({ action: "ecr:PutImage", resource: repoArn, resourcePolicy: repositoryPolicy });
            await expectDenied({ action: "ecr:DeleteRepository", resource: repoArn, resourcePolicy: repositoryPolicy });
        });

        it("the repository policy gives nothing to other principals of the account", () =>
            expectDenied({
                principal: OTHER_ROLE,
                action: "ecr:BatchGetImage",
                resource: repoArn,
                resourcePolicy: repositoryPolicy,
                withoutIdentityPolicy: true,
            }));

        it(
            "and denies image reads even to principals whose own IAM policy allows them; " + "pushing still works",
            async () => {
                const ciPolicy = {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: [
                                "ecr:BatchGetImage",
                                "ecr:GetDownloadUrlForLayer",
                                "ecr:BatchCheckLayerAvailability",
                                "ecr:PutImage",
                            ],
                            Resource: repoArn,
                        },
                    ],
                };
                const asCi = async (action: string) => {
                    const result = await runSimulation(
                        {
                            request: {
                                principal: OTHER_ROLE,
                                action,
                                resource: { resource: repoArn, accountId: ACCOUNT },
                                contextVariables: { "aws:PrincipalAccount": ACCOUNT, "aws:PrincipalArn": OTHER_ROLE },
                            },
                            identityPolicies: [{ name: "ci", policy: ciPolicy }],
                            serviceControlPolicies: [],
                            resourceControlPolicies: [],
                            resourcePolicy: repositoryPolicy,
                        },
                        {},
                    );
                    if (result.resultType === "error") assert.fail(JSON.stringify(result.errors));
                    return result.overallResult;
                };
                assert.strictEqual(await asCi("ecr:BatchGetImage"), "ExplicitlyDenied");
                assert.strictEqual(await asCi("ecr:GetDownloadUrlForLayer"), "ExplicitlyDenied");
                assert.strictEqual(
                    await asCi("ecr:BatchCheckLayerAvailability"),
                    "Allowed",
                    "docker push checks layers",
                );
                assert.strictEqual(await asCi("ecr:PutImage"), "Allowed");
            },
        );

        it("the deny never locks out AWS services or the account's service-linked roles", async () => {
            const repoDecision = async (
                principal: string,
                context: Record<string, string>,
                identityPolicy?: unknown,
            ) => {
                const result = await runSimulation(
                    {
                        request: {
                            principal,
                            action: "ecr:BatchGetImage",
                            resource: { resource: repoArn, accountId: ACCOUNT },
                            contextVariables: context,
                        },
                        identityPolicies: identityPolicy === undefined ? [] : [{ name: "own", policy: identityPolicy }],
                        serviceControlPolicies: [],
                        resourceControlPolicies: [],
                        resourcePolicy: repositoryPolicy,
                    },
                    {},
                );
                if (result.resultType === "error") assert.fail(JSON.stringify(result.errors));
                return result.overallResult;
            };
            // SageMaker fetching the image as a service principal: not explicitly denied (it has no allow here either).
            assert.notStrictEqual(
                await repoDecision("sagemaker.amazonaws.com", {
                    "aws:PrincipalIsAWSService": "true",
                    "aws:SourceAccount": ACCOUNT,
                }),
                "ExplicitlyDenied",
            );
            // Inspector enhanced scanning / ECR replication run as service-linked roles with their own grants.
            const slr =
                `arn:aws:iam::${ACCOUNT}:role/aws-service-role/` +
                "inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2";
            const slrPolicy = {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "ecr:BatchGetImage", Resource: "*" }],
            };
            assert.strictEqual(
                await repoDecision(
                    slr,
                    { "aws:PrincipalAccount": ACCOUNT, "aws:PrincipalArn": slr, "aws:PrincipalIsAWSService": "false" },
                    slrPolicy,
                ),
                "Allowed",
            );
            // The serving role itself, as SageMaker presents it (a role session: PrincipalArn is the role).
            assert.strictEqual(
                await repoDecision(roleArn, {
                    "aws:PrincipalAccount": ACCOUNT,
                    "aws:PrincipalArn": roleArn,
                    "aws:PrincipalIsAWSService": "false",
                }),
                "Allowed",
            );
            // And an ordinary role, with the key set as AWS sets it, is still denied.
            const ci = {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "ecr:BatchGetImage", Resource: "*" }],
            };
            assert.strictEqual(
                await repoDecision(
                    OTHER_ROLE,
                    {
                        "aws:PrincipalAccount": ACCOUNT,
                        "aws:PrincipalArn": OTHER_ROLE,
                        "aws:PrincipalIsAWSService": "false",
                    },
                    ci,
                ),
                "ExplicitlyDenied",
            );
        });

        it("cannot use the key directly or through other services", async () => {
            await expectDenied({
                action: "kms:Decrypt",
                resource: keyArn,
                context: { "kms:CallerAccount": ACCOUNT },
                resourcePolicy: keyPolicy,
            });
            await expectDenied({
                action: "kms:Decrypt",
                resource: keyArn,
                context: kmsContext("secretsmanager"),
                resourcePolicy: keyPolicy,
            });
            await expectDenied({
                action: "kms:Encrypt",
                resource: keyArn,
                context: kmsContext("s3"),
                resourcePolicy: keyPolicy,
            });
        });

        it("cannot write other log groups or pass roles", async () => {
            await expectDenied({
                action: "logs:PutLogEvents",
                resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints/other:log-stream:x`,
            });
            // An endpoint whose name merely starts with this one is another endpoint.
            await expectDenied({
                action: "logs:PutLogEvents",
                resource:
                    `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints/customer-segmentation-v2` +
                    ":log-stream:x",
            });
            await expectDenied({ action: "iam:PassRole", resource: roleArn });
        });

        it("is not assumable by SageMaker for another account, nor by other services", async () => {
            const assume = (principal: string, account: string) =>
                expectDenied({
                    principal,
                    action: "sts:AssumeRole",
                    resource: roleArn,
                    context: { "aws:SourceAccount": account },
                    resourcePolicy: trustPolicy,
                    withoutIdentityPolicy: true,
                });
            await assume("sagemaker.amazonaws.com", "999999999999");
            await assume("ec2.amazonaws.com", ACCOUNT);
        });
    });
});

/**
 * The serving role's grants, checked with a real IAM policy evaluator (@cloud-copilot/iam-simulate,
 * a dev-only dependency): identity policy of the endpoint role, the ECR repository policy, the
 * stack key's key policy and the role's trust policy, exactly as the components render them.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import * as assert from "assert";
import { EncryptionKey } from "../../components/storage/encryptionKey";
import { ModelEndpoint } from "../../components/serving/modelEndpoint";
import { ModelRegistry } from "../../components/serving/modelRegistry";
import { settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { policyOf } from "../support/helpers";

const ACCOUNT = "123456789012";
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/customer_segmentation.customer_rfm_features`;
const OTHER_TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/customer_segmentation.other_features`;
const MODEL_BUCKET = "mlops-prod-model-registry-1234567";
const CAPTURE_BUCKET = "mlops-prod-data-capture-1234567";
const REGISTRY_BUCKET = "mlops-prod-feature-registry-1234567";
const OTHER_REPO = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/someone-elses-images`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/ci-builder`;

type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";
interface Request {
    readonly action: string;
    readonly resource: string;
    readonly principal?: string;
    readonly context?: Record<string, string>;
    /** Evaluate only the resource policy (no identity policy), e.g. another principal of the account. */
    readonly withoutIdentityPolicy?: boolean;
    readonly resourcePolicy?: unknown;
}

describe("serving IAM (real policy evaluator)", () => {
    let roleArn: string;
    let repoArn: string;
    let keyArn: string;
    let identityPolicy: unknown;
    let repositoryPolicy: unknown;
    let keyPolicy: unknown;
    let trustPolicy: unknown;

    before(async () => {
        const rec = startMockRun({ stack: "prod" });
        const key = new EncryptionKey("mlops-prod-key", { environment: "prod" });
        const registry = new ModelRegistry("mlops-prod-models", { environment: "prod", kmsKeyArn: key.keyArn });
        const endpoint = new ModelEndpoint("mlops-prod-serving", {
            environment: "prod",
            endpointName: "customer-segmentation",
            repositoryUrl: registry.repositoryUrl,
            repositoryArn: registry.repositoryArn,
            repositoryName: registry.repositoryName,
            image: { tag: "v0.0" },
            variants: [
                { name: "primary", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.9 },
                { name: "challenger", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.1 },
            ],
            kmsKeyArn: key.keyArn,
            modelBucketName: MODEL_BUCKET,
            modelBucketArn: `arn:aws:s3:::${MODEL_BUCKET}`,
            featureTableArns: [TABLE],
            featureRegistryObjectArn: `arn:aws:s3:::${REGISTRY_BUCKET}/registry.db`,
            dataCapture: { enabled: true, samplingPercentage: 20 },
            dataCaptureBucketName: CAPTURE_BUCKET,
            dataCaptureBucketArn: `arn:aws:s3:::${CAPTURE_BUCKET}`,
            deployment: { strategy: "canary" },
            monitoring: { engine: "external" },
        });
        await settle();
        roleArn = await valueOf(endpoint.roleArn);
        repoArn = await valueOf(registry.repositoryArn);
        keyArn = await valueOf(key.keyArn);
        identityPolicy = policyOf(rec.named("aws:iam/rolePolicy:RolePolicy", "mlops-prod-serving"));
        repositoryPolicy = policyOf(
            rec.named("aws:ecr/repositoryPolicy:RepositoryPolicy", "mlops-prod-serving-image-pull"),
        );
        keyPolicy = policyOf(rec.named("aws:kms/key:Key", "mlops-prod-key"));
        trustPolicy = policyOf(rec.named("aws:iam/role:Role", "mlops-prod-serving"), "assumeRolePolicy");
    });

    async function decide(request: Request): Promise<Decision> {
        const result = await runSimulation(
            {
                request: {
                    principal: request.principal ?? roleArn,
                    action: request.action,
                    resource: { resource: request.resource, accountId: ACCOUNT },
                    // AWS sets these global keys on every request signed by an IAM principal; the simulator needs them
                    // given.
                    contextVariables: {
                        ...(request.principal === undefined || request.principal.startsWith("arn:")
                            ? { "aws:PrincipalAccount": ACCOUNT, "aws:PrincipalArn": request.principal ?? roleArn }
                            : {}),
                        ...(request.context ?? {}),
                    },
                },
                identityPolicies: request.withoutIdentityPolicy ? [] : [{ name: "serving", policy: identityPolicy }],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                ...(request.resourcePolicy !== undefined ? { resourcePolicy: request.resourcePolicy } : {}),
            },
            {},
        );
        if (result.resultType === "error")
            assert.fail(
                `simulation of ${request.action} on ${request.resource} is invalid: ${JSON.stringify(result.errors)}`,
            );
        return result.overallResult as Decision;
    }

    const expectAllowed = async (r: Request) =>
        assert.strictEqual(await decide(r), "Allowed", `${r.action} on ${r.resource} should be allowed`);
    const expectDenied = async (r: Request) =>
        assert.notStrictEqual(await decide(r), "Allowed", `${r.action} on ${r.resource} should be denied`);
    const kmsContext = (service: string) => ({
        "kms:ViaService": `${service}.us-east-1.amazonaws.com`,
        "kms:CallerAccount": ACCOUNT,
    });

    describe("what the endpoint needs", () => {
        it("reads its feature table with GetItem, BatchGetItem and Query", async () => {
            for (const action of ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"])
                await expectAllowed({ action, resource: TABLE });
        });

        it("pulls its image (identity policy and repository policy both allow)", async () => {
            for (const action of [
                "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchCheckLayerAvailability",
            ]) {
                await expectAllowed({ action, resource: repoArn, resourcePolicy: repositoryPolicy });
                await expectAllowed({
                    action,
                    resource: repoArn,
                    resourcePolicy: repositoryPolicy,
                    withoutIdentityPolicy: true,
                });
            }
            await expectAllowed({ action: "ecr:GetAuthorizationToken", resource: "*" });
        });

        it("reads the Feast registry object (get_online_features loads it)", () =>
            expectAllowed({ action: "s3:GetObject", resource: `arn:aws:s3:::${REGISTRY_BUCKET}/registry.db` }));

        it(
            "HeadBucket on the registry bucket: S3RegistryStore calls head_bucket before reading registry.db " +
                "(issue 11)",
            async () => {
                await expectAllowed({ action: "s3:ListBucket", resource: `arn:aws:s3:::${REGISTRY_BUCKET}` });
                await expectDenied({ action: "s3:ListBucket", resource: `arn:aws:s3:::${MODEL_BUCKET}` });
            },
        );

        it("describes its auto-rollback alarms, as deployment guardrails require (issue 11)", async () => {
            for (const variant of ["primary", "challenger"])
                for (const alarm of ["5xx-errors", "model-latency"])
                    await expectAllowed({
                        action: "cloudwatch:DescribeAlarms",
                        resource: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:customer-segmentation-${variant}-${alarm}`,
                    });
            await expectDenied({
                action: "cloudwatch:DescribeAlarms",
                resource: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:billing-alarm`,
            });
        });

        it("publishes metrics under SageMaker's namespaces only (issue 11)", async () => {
            await expectAllowed({
                action: "cloudwatch:PutMetricData",
                resource: "*",
                context: { "cloudwatch:namespace": "/aws/sagemaker/Endpoints" },
            });
            await expectDenied({
                action: "cloudwatch:PutMetricData",
                resource: "*",
                context: { "cloudwatch:namespace": "AWS/Billing" },
            });
        });

        it("reads model artifacts under its own prefix", () =>
            expectAllowed({
                action: "s3:GetObject",
                resource: `arn:aws:s3:::${MODEL_BUCKET}/models/customer-segmentation/model.tar.gz`,
            }));

        it("writes data capture under its own prefix", () =>
            expectAllowed({
                action: "s3:PutObject",
                resource: `arn:aws:s3:::${CAPTURE_BUCKET}/datacapture/customer-segmentation/primary/2026/11/21/10/capture.jsonl`,
            }));

        it("uses the stack key through S3 and DynamoDB, not through ECR (key policy included)", async () => {
            await expectAllowed({
                action: "kms:Decrypt",
                resource: keyArn,
                context: kmsContext("dynamodb"),
                resourcePolicy: keyPolicy,
            });
            await expectAllowed({
                action: "kms:GenerateDataKey",
                resource: keyArn,
                context: kmsContext("s3"),
                resourcePolicy: keyPolicy,
            });
            // ECR decrypts image layers with the grants it created with the repository (ECR user guide,
            // encryption-at-rest.html): the role gets no Decrypt through ECR, like the processing role.
            await expectDenied({
                action: "kms:Decrypt",
                resource: keyArn,
                context: kmsContext("ecr"),
                resourcePolicy: keyPolicy,
            });
        });

        it("writes its own endpoint logs", () =>
            expectAllowed({
                action: "logs:PutLogEvents",
                resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints/customer-segmentation:log-stream:primary/i-0123`,
            }));

        it(
            "creates its log group and streams, in both ARN forms CloudWatch Logs evaluates (bare group and " +
                "`group:*`)",
            async () => {
                const group = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints/customer-segmentation`;
                await expectAllowed({ action: "logs:CreateLogGroup", resource: group });
                await expectAllowed({ action: "logs:DescribeLogStreams", resource: group });
                await expectAllowed({ action: "logs:DescribeLogStreams", resource: `${group}:*` });
                await expectAllowed({ action: "logs:CreateLogStream", resource: `${group}:log-stream:primary/i-0123` });
            },
        );

        it("is assumable by SageMaker acting for this account", () =>
            expectAllowed({
                principal: "sagemaker.amazonaws.com",
                action: "sts:AssumeRole",
                resource: roleArn,
                context: { "aws:SourceAccount": ACCOUNT },
                resourcePolicy: trustPolicy,
                withoutIdentityPolicy: true,
            }));
    });

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

        it("and denies image reads even to principals whose own IAM policy allows them; pushing still works", async () => {
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
            assert.strictEqual(await asCi("ecr:BatchCheckLayerAvailability"), "Allowed", "docker push checks layers");
            assert.strictEqual(await asCi("ecr:PutImage"), "Allowed");
        });

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
            const slr = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`;
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
                resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints/customer-segmentation-v2:log-stream:x`,
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

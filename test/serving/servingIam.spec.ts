/**
 * The serving role's grants, checked with a real IAM policy evaluator (@cloud-copilot/iam-simulate,
 * a dev-only dependency): identity policy of the endpoint role, the ECR repository policy, the
 * stack key's key policy and the role's trust policy, exactly as the components render them.
 */
import {
    ACCOUNT,
    TABLE,
    MODEL_BUCKET,
    CAPTURE_BUCKET,
    REGISTRY_BUCKET,
    roleArn,
    repoArn,
    keyArn,
    repositoryPolicy,
    keyPolicy,
    trustPolicy,
    renderProdServing,
    expectAllowed,
    expectDenied,
    kmsContext,
} from "../support/servingIamSimulation";

describe("serving IAM (real policy evaluator)", () => {
    before(renderProdServing);

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
                        resource:
                            `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:` +
                            `customer-segmentation-${variant}-${alarm}`,
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
                resource:
                    `arn:aws:s3:::${CAPTURE_BUCKET}/datacapture/customer-segmentation/primary/` +
                    "2026/11/21/10/capture.jsonl",
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
                resource:
                    `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints/customer-segmentation` +
                    ":log-stream:primary/i-0123",
            }));

        it(
            "creates its log group and streams, in both ARN forms CloudWatch Logs evaluates (bare group and " +
                "`group:*`)",
            async () => {
                const group =
                    `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:` + "/aws/sagemaker/Endpoints/customer-segmentation";
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
});

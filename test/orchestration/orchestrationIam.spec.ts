/**
 * The MWAA execution role, evaluated by a real IAM policy engine (@cloud-copilot/iam-simulate,
 * AGPL, devDependency only): each workflow step's calls are allowed on exactly its resources,
 * representative out-of-scope calls are denied.
 */
import * as assert from "assert";
import {
    ACCOUNT,
    ENV_NAME,
    ENV_ARN,
    USER_ID,
    TABLE,
    WORKGROUP,
    KEY,
    decide,
    identityDecision,
    Call,
    call,
    PROCESSING_JOB,
    policy,
    processing,
    dagBucket,
    processingRoleArn,
    pipelineRepositoryArn,
    processingGroupArn,
    renderPipelineRoles,
} from "../support/orchestrationIamSimulation";

describe("Orchestration execution role and pipeline processing role (IAM evaluator)", () => {
    before(renderPipelineRoles);
    const SUBNET_A = `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0000000000000000a`;
    const ENI = `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/eni-0123456789abcdef0`;
    /** MWAA-side calls go to the execution role, the steps' calls to the processing role. */
    const roleOf = (step: string) => (step.startsWith("MWAA") ? policy : processing);

    const via = (service: string) => ({ "kms:ViaService": `${service}.us-east-1.amazonaws.com` });

    /** Calls each workflow step makes, on its own resources. */
    const allowed = (): Record<string, Call[]> => ({
        "MWAA baseline": [
            call("airflow:PublishMetrics", ENV_ARN),
            call("s3:GetObject", `arn:aws:s3:::${dagBucket}/dags/customer_segmentation_batch_model.py`),
            call("s3:GetObjectVersion", `arn:aws:s3:::${dagBucket}/requirements.txt`),
            call("s3:ListBucket", `arn:aws:s3:::${dagBucket}`),
            call("s3:GetBucketPublicAccessBlock", `arn:aws:s3:::${dagBucket}`),
            call("s3:GetAccountPublicAccessBlock", "*"),
            call(
                "logs:CreateLogStream",
                `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:airflow-${ENV_NAME}-Task:log-stream:dag_id=x/run_id=y`,
            ),
            call(
                "logs:PutLogEvents",
                `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:airflow-${ENV_NAME}-Scheduler:log-stream:scheduler.py.log`,
            ),
            call(
                "logs:GetLogEvents",
                `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:airflow-${ENV_NAME}-Task:log-stream:abc`,
            ),
            call("logs:DescribeLogGroups", "*"),
            call("cloudwatch:PutMetricData", "*"),
            call("sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:999988887777:airflow-celery-0a1b2c3d"),
            call("sqs:SendMessage", "arn:aws:sqs:us-east-1:999988887777:airflow-celery-0a1b2c3d"),
            call("kms:Decrypt", KEY, via("s3")),
            call("kms:GenerateDataKey", KEY, via("sqs")),
        ],
        // SageMakerProcessingOperator: DescribeProcessingJob (name check), CreateProcessingJob (with Tags),
        // DescribeProcessingJob polling (apache/airflow providers/amazon hooks/sagemaker.py).
        "MWAA orchestration of Processing jobs": [
            call("sagemaker:DescribeProcessingJob", PROCESSING_JOB),
            call("sagemaker:CreateProcessingJob", PROCESSING_JOB),
            call("sagemaker:AddTags", PROCESSING_JOB),
            call("iam:PassRole", processingRoleArn, { "iam:PassedToService": "sagemaker.amazonaws.com" }),
        ],
        "processing container (SageMaker execution-role requirements)": [
            call("ecr:GetAuthorizationToken", "*"),
            call("ecr:BatchGetImage", pipelineRepositoryArn),
            call("ecr:GetDownloadUrlForLayer", pipelineRepositoryArn),
            // NetworkConfig.VpcConfig: SageMaker creates the job's ENIs in the private subnets as this role.
            call("ec2:CreateNetworkInterface", SUBNET_A),
            call("ec2:CreateNetworkInterface", processingGroupArn),
            call("ec2:CreateNetworkInterface", ENI),
            call("ec2:DeleteNetworkInterface", ENI, { "ec2:Subnet": SUBNET_A }),
            call("ec2:DescribeSubnets", "*"),
            call(
                "logs:PutLogEvents",
                `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/ProcessingJobs` +
                    ":log-stream:x/algo-1-1700000000",
            ),
            // pipelines/common.py downloads the generated repository of the run's version.
            call("s3:GetObject", "arn:aws:s3:::registry-bucket/feature_repo/0123456789abcdef/feature_store.yaml"),
            call("s3:GetObject", "arn:aws:s3:::registry-bucket/feature_repo/0123456789abcdef/features.py"),
        ],
        feature_engineering: [
            call("s3:ListBucket", "arn:aws:s3:::raw-bucket"),
            call("s3:GetObject", "arn:aws:s3:::raw-bucket/online-retail.csv"),
            call("s3:PutObject", "arn:aws:s3:::offline-bucket/customer_rfm_features/part-0000.parquet"),
            call("s3:GetObject", "arn:aws:s3:::offline-bucket/customer_rfm_features/part-0000.parquet"),
            call("s3:DeleteObject", "arn:aws:s3:::offline-bucket/staging/unload_0000_part_00"),
            call("kms:GenerateDataKey", KEY, via("s3")),
        ],
        "feast (offline store + registry)": [
            // S3RegistryStore.get_registry_proto calls HeadBucket (authorized as s3:ListBucket) first.
            call("s3:ListBucket", "arn:aws:s3:::registry-bucket"),
            call("s3:GetObject", "arn:aws:s3:::registry-bucket/registry.db"),
            call("s3:PutObject", "arn:aws:s3:::registry-bucket/registry.db"),
            call("redshift-data:ExecuteStatement", WORKGROUP),
            call("redshift-serverless:GetCredentials", WORKGROUP),
            call("redshift-data:DescribeStatement", "*", { "redshift-data:statement-owner-iam-userid": USER_ID }),
            call("redshift-data:GetStatementResult", "*", { "redshift-data:statement-owner-iam-userid": USER_ID }),
        ],
        sync_offline_to_online: [
            call("dynamodb:DescribeTable", TABLE),
            call("dynamodb:BatchWriteItem", TABLE),
            call("dynamodb:BatchGetItem", TABLE),
            call("kms:Decrypt", KEY, via("dynamodb")),
        ],
        model_prediction: [
            call("s3:GetObject", "arn:aws:s3:::models-bucket/notebooks/ch6_model_prediction.ipynb"),
            call("s3:GetObject", "arn:aws:s3:::models-bucket/models/customer_segmentation/model.tar.gz"),
            call("s3:ListBucket", "arn:aws:s3:::models-bucket"),
            call(
                "s3:PutObject",
                "arn:aws:s3:::predictions-bucket/customer_segmentation/2026-11-21/predictions.parquet",
            ),
            call(
                "s3:PutObject",
                "arn:aws:s3:::predictions-bucket/notebook-runs/customer_segmentation_batch_model/" +
                    "20261121T000000/ch6_model_prediction.ipynb",
            ),
        ],
    });

    /** Out-of-scope calls: the practice this replaces allowed every one of them. */
    const denied = (): Record<string, Call[]> => ({
        "another bucket": [
            call("s3:GetObject", "arn:aws:s3:::someone-elses-bucket/data.csv"),
            call("s3:ListBucket", "arn:aws:s3:::someone-elses-bucket"),
        ],
        "s3:PutObject on the DAG bucket": [
            call("s3:PutObject", `arn:aws:s3:::${dagBucket}/dags/evil.py`),
            call("s3:PutObject", `arn:aws:s3:::${dagBucket}/requirements.txt`),
            call("s3:DeleteObject", `arn:aws:s3:::${dagBucket}/dags/customer_segmentation_batch_model.py`),
        ],
        "writes where a step only reads": [
            call("s3:PutObject", "arn:aws:s3:::raw-bucket/online-retail.csv"),
            call("s3:PutObject", "arn:aws:s3:::models-bucket/models/customer_segmentation/model.tar.gz"),
            call(
                "s3:DeleteObject",
                "arn:aws:s3:::predictions-bucket/customer_segmentation/2026-11-21/predictions.parquet",
            ),
            call("s3:PutObject", "arn:aws:s3:::registry-bucket/other.db"),
        ],
        "dynamodb:DeleteTable and other tables": [
            call("dynamodb:DeleteTable", TABLE),
            call("dynamodb:Scan", TABLE),
            call("dynamodb:BatchWriteItem", "arn:aws:dynamodb:us-east-1:123456789012:table/orders"),
        ],
        "iam:CreateUser and other roles": [
            call("iam:CreateUser", "arn:aws:iam::123456789012:user/backdoor"),
            call("iam:AttachRolePolicy", "arn:aws:iam::123456789012:role/mlops-dev-airflow-execution"),
            call("iam:PassRole", "arn:aws:iam::123456789012:role/admin", {
                "iam:PassedToService": "redshift.amazonaws.com",
            }),
            call("iam:PassRole", "arn:aws:iam::123456789012:role/feast-redshift", {
                "iam:PassedToService": "sagemaker.amazonaws.com",
            }),
            // Feast names the Redshift role only inside COPY/UNLOAD SQL (aws_utils.py at v0.66.0): no PassRole at all.
            call("iam:PassRole", "arn:aws:iam::123456789012:role/feast-redshift", {
                "iam:PassedToService": "redshift.amazonaws.com",
            }),
        ],
        "Redshift on another cluster or workgroup": [
            call("redshift-data:ExecuteStatement", "arn:aws:redshift:us-east-1:123456789012:cluster:finance"),
            call(
                "redshift-data:ExecuteStatement",
                "arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/9f9f9f9f-0000-4000-a000-000000000009",
            ),
            call(
                "redshift-serverless:GetCredentials",
                "arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/9f9f9f9f-0000-4000-a000-000000000009",
            ),
            call("redshift:GetClusterCredentials", "arn:aws:redshift:us-east-1:123456789012:dbuser:finance/admin"),
            call("redshift-data:GetStatementResult", "*", {
                "redshift-data:statement-owner-iam-userid": "AROAOTHERPRINCIPAL000:someone",
            }),
        ],
        "images and network interfaces beyond the pipeline's": [
            call("ecr:BatchGetImage", `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/mlops-dev-models-0000000`),
            call("ec2:CreateNetworkInterface", `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0000000000000000f`),
            call("ec2:DeleteNetworkInterface", ENI, {
                "ec2:Subnet": `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0000000000000000f`,
            }),
        ],
        "Glue beyond reading the feature catalog": [
            call(
                "glue:DeleteTable",
                "arn:aws:glue:us-east-1:123456789012:table/customer_segmentation/customer_rfm_features",
            ),
            call("glue:GetTable", "arn:aws:glue:us-east-1:123456789012:table/hr/salaries"),
        ],
        "logs, metrics and keys of others": [
            call("logs:PutLogEvents", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/other:log-stream:x`),
            call("airflow:PublishMetrics", `arn:aws:airflow:us-east-1:${ACCOUNT}:environment/other`),
            call("kms:Decrypt", KEY),
            call("kms:Decrypt", KEY, via("ec2")),
            call(
                "kms:Decrypt",
                "arn:aws:kms:us-east-1:123456789012:key/99999999-2222-4333-a444-555555555555",
                via("s3"),
            ),
            call("sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:123456789012:orders"),
        ],
    });

    describe("allows each workflow step on its resources", () => {
        for (const [step, calls] of Object.entries(allowed())) {
            it(step, async () => {
                for (const c of allowed()[step]) {
                    assert.strictEqual(
                        await decide(roleOf(step), c.action, c.resource, c.context),
                        "Allowed",
                        `${c.action} on ${c.resource}`,
                    );
                }
                assert.ok(calls.length > 0);
            });
        }
    });

    it("gives the processing role no Glue catalog access nor key use through Glue", async () => {
        // Feast 0.66's Redshift offline store calls only the Redshift Data API (execute_statement,
        // describe_statement, get_statement_result in feast-dev/feast@v0.66.0:sdk/python/feast/infra/utils/
        // aws_utils.py) and makes no Glue call; Spectrum reads the catalog as the Redshift role.
        const table = "arn:aws:glue:us-east-1:123456789012:table/customer_segmentation/customer_rfm_features";
        assert.notStrictEqual(await identityDecision(processing, "glue:GetTable", table), "Allowed");
        assert.notStrictEqual(await identityDecision(processing, "kms:Decrypt", KEY, via("glue")), "Allowed");
        assert.strictEqual(await identityDecision(processing, "kms:Decrypt", KEY, via("dynamodb")), "Allowed");
    });

    describe("denies out-of-scope calls (to both roles)", () => {
        for (const [what, calls] of Object.entries(denied())) {
            it(what, async () => {
                for (const c of denied()[what]) {
                    for (const [role, doc] of [
                        ["execution", policy],
                        ["processing", processing],
                    ] as const) {
                        assert.strictEqual(
                            await decide(doc, c.action, c.resource, c.context),
                            "ImplicitlyDenied",
                            `${role}: ${c.action} on ${c.resource}`,
                        );
                    }
                }
                assert.ok(calls.length > 0);
            });
        }
    });

    it("denies the MWAA role every data call of the steps (Airflow only orchestrates)", async () => {
        for (const [step, calls] of Object.entries(allowed())) {
            if (step.startsWith("MWAA")) continue;
            for (const c of calls) {
                if (
                    c.action === "cloudwatch:PutMetricData" ||
                    (c.resource === KEY && c.context?.["kms:ViaService"] === "s3.us-east-1.amazonaws.com")
                )
                    continue;
                if (c.resource.includes(dagBucket)) continue;
                assert.strictEqual(
                    await decide(policy, c.action, c.resource, c.context),
                    "ImplicitlyDenied",
                    `${step}: ${c.action} on ${c.resource}`,
                );
            }
        }
        const dataActions = policy.Statement.flatMap((s) => [s.Action].flat()).filter((a) =>
            /^(dynamodb|glue|redshift|redshift-data|redshift-serverless):/.test(a),
        );
        assert.deepStrictEqual(dataActions, []);
        const s3Statements = policy.Statement.filter((s) => [s.Action].flat().some((a) => a.startsWith("s3:")));
        assert.deepStrictEqual(
            s3Statements.map((s) => s.Sid),
            ["MwaaReadDagBucket", "MwaaCheckAccountPublicAccessBlock"],
        );
    });

    it("denies the Processing jobs of other prefixes, passing other roles, and deleting feature data", async () => {
        const other = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:processing-job/other-team-job`;
        assert.strictEqual(await decide(policy, "sagemaker:CreateProcessingJob", other), "ImplicitlyDenied");
        assert.strictEqual(await decide(policy, "sagemaker:StopProcessingJob", other), "ImplicitlyDenied");
        assert.strictEqual(
            await decide(policy, "iam:PassRole", processingRoleArn, { "iam:PassedToService": "ec2.amazonaws.com" }),
            "ImplicitlyDenied",
        );
        assert.strictEqual(
            await decide(policy, "iam:PassRole", "arn:aws:iam::123456789012:role/feast-redshift", {
                "iam:PassedToService": "sagemaker.amazonaws.com",
            }),
            "ImplicitlyDenied",
        );
        assert.strictEqual(
            await decide(
                processing,
                "s3:DeleteObject",
                "arn:aws:s3:::offline-bucket/customer_rfm_features/part-0000.parquet",
            ),
            "ImplicitlyDenied",
        );
        assert.strictEqual(
            await decide(processing, "sagemaker:CreateProcessingJob", PROCESSING_JOB),
            "ImplicitlyDenied",
        );
    });
});

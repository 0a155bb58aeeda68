import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { MWAA_LOG_TYPES, Orchestration } from "../../components/orchestration/orchestration";
import { PlannedResource, ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import {
    projectDir,
    KEY,
    SUBNETS,
    ENV,
    OBJECT,
    LOG_GROUP,
    SG,
    baseArgs,
    dagFiles,
} from "../support/orchestrationFixtures";

describe("Orchestration", () => {
    describe("dev environment with the repository's DAGs", () => {
        let rec: ResourceRecorder;
        let orchestration: Orchestration;
        let env: PlannedResource;
        before(async () => {
            rec = startMockRun({ stack: "dev" });
            orchestration = new Orchestration("airflow", baseArgs());
            await settle();
            env = rec.named(ENV, "airflow");
        });

        it(
            "registers the environment, role, security group, DAG bucket, uploads and five log groups under " +
                "the component",
            () => {
                const count = (type: string) => rec.ofType(type).length;
                assert.strictEqual(count(ENV), 1);
                // The MWAA execution role and the pipeline Processing jobs' role (issue 10: steps off Airflow).
                assert.strictEqual(count("aws:iam/role:Role"), 2);
                assert.strictEqual(count("aws:iam/rolePolicy:RolePolicy"), 2);
                assert.strictEqual(count("aws:iam/rolePolicyAttachment:RolePolicyAttachment"), 0);
                // The environment's group and the Processing jobs' HTTPS-only group.
                assert.strictEqual(count(SG), 2);
                assert.strictEqual(count("aws:ecr/repository:Repository"), 1);
                assert.strictEqual(count("aws:ecr/repositoryPolicy:RepositoryPolicy"), 1);
                assert.strictEqual(count("mlops-platform:index:SecureBucket"), 1);
                assert.strictEqual(count(LOG_GROUP), 5);
                // requirements.txt + one object per DAG file + mlops_pipeline.json (FeatureStore uploads the Feast
                // repository)
                assert.strictEqual(count(OBJECT), 1 + dagFiles().length + 1);
                const component = rec.named("mlops-platform:index:Orchestration", "airflow");
                for (const r of [env, ...rec.ofType(OBJECT), ...rec.ofType(LOG_GROUP), ...rec.ofType(SG)])
                    assert.strictEqual(r.parent, component.urn, r.name);
            },
        );

        it("admits only its own members (self-referencing rules), each rule described", () => {
            const sg = rec.named(SG, "airflow");
            assert.strictEqual(sg.inputs.vpcId, "vpc-0123456789abcdef0");
            assert.ok(typeof sg.inputs.description === "string" && (sg.inputs.description as string).length > 0);
            const ingress = sg.inputs.ingress as Record<string, unknown>[];
            assert.strictEqual(ingress.length, 1);
            assert.deepStrictEqual(
                { ...ingress[0], description: undefined },
                { description: undefined, protocol: "-1", fromPort: 0, toPort: 0, self: true },
            );
            const egress = sg.inputs.egress as Record<string, unknown>[];
            assert.deepStrictEqual(
                egress.map((e) => [e.protocol, e.fromPort, e.toPort, e.self ?? e.cidrBlocks]),
                [
                    ["-1", 0, 0, true],
                    ["tcp", 443, 443, ["0.0.0.0/0"]],
                ],
            );
            for (const rule of [...ingress, ...egress])
                assert.ok(typeof rule.description === "string" && (rule.description as string).length > 10);
        });

        it("keeps DAGs in a versioned, KMS-encrypted, logged SecureBucket", () => {
            const bucket = rec.named("aws:s3/bucket:Bucket", "airflow-dags");
            assert.strictEqual((bucket.inputs.tags as Record<string, string>)["mlops-platform:bucket-role"], "dags");
            assert.deepStrictEqual(
                rec.named("aws:s3/bucketVersioning:BucketVersioning", "airflow-dags").inputs.versioningConfiguration,
                { status: "Enabled" },
            );
            const sse = rec.named(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "airflow-dags",
            );
            assert.deepStrictEqual((sse.inputs.rules as unknown[])[0], {
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
                bucketKeyEnabled: true,
            });
            assert.strictEqual(
                rec.named("aws:s3/bucketLogging:BucketLogging", "airflow-dags").inputs.targetBucket,
                "access-logs",
            );
            assert.strictEqual(env.inputs.sourceBucketArn, bucket.outputs.arn);
            assert.strictEqual(env.inputs.dagS3Path, "dags/");
        });

        it(
            "uploads requirements.txt: the platform's --constraint line, then the repository content; pins its " +
                "version",
            () => {
                const requirements = rec.named(OBJECT, "airflow-requirements");
                const content = fs.readFileSync(path.join(projectDir, "airflow", "requirements.txt"), "utf8");
                assert.strictEqual(requirements.inputs.key, "requirements.txt");
                assert.strictEqual(
                    requirements.inputs.content,
                    "--constraint " +
                        '"https://raw.githubusercontent.com/apache/airflow/constraints-3.0.6/constraints-3.12.txt"\n' +
                        content,
                );
                assert.strictEqual(
                    requirements.inputs.bucket,
                    rec.named("aws:s3/bucket:Bucket", "airflow-dags").outputs.bucket,
                );
                assert.strictEqual(env.inputs.requirementsS3Path, "requirements.txt");
                assert.strictEqual(env.inputs.requirementsS3ObjectVersion, requirements.outputs.versionId);
                assert.ok(env.propertyDependencies.requirementsS3ObjectVersion.includes(requirements.urn));
                assert.strictEqual(env.inputs.pluginsS3Path, undefined);
            },
        );

        it(
            "uploads only once the DAG bucket is versioned and KMS-encrypted by default (else no versionId to " +
                "pin)",
            () => {
                const versioning = rec.named("aws:s3/bucketVersioning:BucketVersioning", "airflow-dags");
                const sse = rec.named(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "airflow-dags",
                );
                const pab = rec.named("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "airflow-dags");
                for (const o of rec.ofType(OBJECT)) {
                    for (const dep of [versioning, sse, pab])
                        assert.ok(o.dependencies.includes(dep.urn), `${o.name} waits for ${dep.name} (${dep.type})`);
                }
                assert.strictEqual(env.inputs.startupScriptS3Path, undefined);
            },
        );

        it(
            "ships default requirements without Feast or papermill (issue 10: they cannot resolve under MWAA's " +
                "constraints)",
            () => {
                const content = rec.named(OBJECT, "airflow-requirements").inputs.content as string;
                const packages = content.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
                assert.deepStrictEqual(packages, [
                    "--constraint " +
                        '"https://raw.githubusercontent.com/apache/airflow/constraints-3.0.6/constraints-3.12.txt"',
                    "apache-airflow-providers-amazon",
                ]);
            },
        );

        it("uploads every file of airflow/dags under dags/ (the Feast repository lives in the registry bucket)", () => {
            const keys = rec
                .ofType(OBJECT)
                .map((o) => o.inputs.key as string)
                .filter((k) => k.startsWith("dags/"))
                .sort();
            assert.deepStrictEqual(keys, [...dagFiles().map((f) => `dags/${f}`), "dags/mlops_pipeline.json"].sort());
            assert.ok(dagFiles().includes("customer_segmentation_batch_model.py"));
            assert.ok(dagFiles().includes("customer_segmentation_online_model.py"));
            const ignore = rec.ofType(OBJECT).find((o) => o.inputs.key === "dags/.airflowignore")!;
            assert.strictEqual(ignore.inputs.contentType, "text/plain");
            for (const dag of rec.ofType(OBJECT).filter((o) => (o.inputs.key as string).endsWith(".py"))) {
                assert.strictEqual(dag.inputs.contentType, "text/x-python");
                assert.match(dag.inputs.sourceHash as string, /^[0-9a-f]{32}$/);
                assert.ok(env.dependencies.includes(dag.urn), `environment waits for ${dag.name}`);
            }
        });

        it("MWAA waits for neither mlops_pipeline.json nor the processing grants (both wait for Redshift)", () => {
            const jobConfig = rec.ofType(OBJECT).find((o) => o.inputs.key === "dags/mlops_pipeline.json")!;
            const processing = rec.named("aws:iam/rolePolicy:RolePolicy", "airflow-processing");
            // It names the Feast repository, whose version hashes the Redshift engine's names.
            assert.ok(
                !env.dependencies.includes(jobConfig.urn),
                "mlops_pipeline.json is synced from dags/ when it lands",
            );
            assert.ok(!env.dependencies.includes(processing.urn), "the processing grants serve SageMaker jobs");
        });

        it(
            "pre-creates the five airflow-<env>-<Type> log groups with KMS and retention, before the " + "environment",
            () => {
                const groups = rec.ofType(LOG_GROUP);
                assert.deepStrictEqual(groups.map((g) => g.inputs.name).sort(), [
                    "airflow-airflow-DAGProcessing",
                    "airflow-airflow-Scheduler",
                    "airflow-airflow-Task",
                    "airflow-airflow-WebServer",
                    "airflow-airflow-Worker",
                ]);
                for (const g of groups) {
                    assert.strictEqual(g.inputs.retentionInDays, 30);
                    assert.strictEqual(g.inputs.kmsKeyId, KEY);
                    assert.strictEqual(g.protect, false);
                    assert.ok(env.dependencies.includes(g.urn), `environment depends on ${g.name}`);
                }
            },
        );

        it(
            "configures the environment exactly: version, class, capacity, private UI, stack key, all logs at " +
                "INFO",
            () => {
                const {
                    tags,
                    executionRoleArn,
                    sourceBucketArn,
                    requirementsS3ObjectVersion,
                    airflowConfigurationOptions,
                    ...rest
                } = env.inputs;
                assert.deepStrictEqual(rest, {
                    name: "airflow",
                    airflowVersion: "3.0.6",
                    // Dev's default class: one of each, no autoscaling (MWAA environment-class page).
                    environmentClass: "mw1.micro",
                    minWorkers: 1,
                    maxWorkers: 1,
                    schedulers: 1,
                    minWebservers: 1,
                    maxWebservers: 1,
                    webserverAccessMode: "PRIVATE_ONLY",
                    // Dev: updates replace workers at once (FORCED); prod waits for running tasks (below).
                    workerReplacementStrategy: "FORCED",
                    endpointManagement: "SERVICE",
                    kmsKey: KEY,
                    dagS3Path: "dags/",
                    requirementsS3Path: "requirements.txt",
                    networkConfiguration: {
                        securityGroupIds: [rec.named(SG, "airflow").outputs.id ?? rec.named(SG, "airflow").id],
                        subnetIds: SUBNETS.slice(0, 2),
                    },
                    loggingConfiguration: Object.fromEntries(
                        MWAA_LOG_TYPES.map((t) => [t.key, { enabled: true, logLevel: "INFO" }]),
                    ),
                });
                assert.deepStrictEqual(tags, { environment: "dev", "managed-by": "pulumi", team: "ml" });
                assert.strictEqual(executionRoleArn, rec.named("aws:iam/role:Role", "airflow-execution").outputs.arn);
                assert.ok(sourceBucketArn && requirementsS3ObjectVersion);
                assert.ok(
                    env.dependencies.includes(rec.named("aws:iam/rolePolicy:RolePolicy", "airflow-execution").urn),
                );
            },
        );

        it("tells the DAGs where the data lives through the [mlops] Airflow configuration section", () => {
            assert.deepStrictEqual(env.inputs.airflowConfigurationOptions, {
                "core.load_examples": "False",
                "core.dags_are_paused_at_creation": "True",
                "mlops.raw_bucket": "raw-bucket",
                "mlops.offline_bucket": "offline-bucket",
                "mlops.registry_path": "s3://registry-bucket/registry.db",
                "mlops.model_registry_bucket": "models-bucket",
                "mlops.predictions_bucket": "predictions-bucket",
            });
            // The Processing jobs read the generated repository of this version from S3 (issue 10); it
            // derives from Redshift's outputs, so it travels in mlops_pipeline.json, not the environment.
            const jobConfig = rec.ofType(OBJECT).find((o) => o.inputs.key === "dags/mlops_pipeline.json")!;
            assert.deepStrictEqual(JSON.parse(jobConfig.inputs.content as string).featureRepository, {
                url: "s3://registry-bucket/feature_repo/0123456789abcdef/",
                version: "0123456789abcdef",
            });
            // The DAGs share one reader of the section (mlops_settings.py, kept out of DAG parsing).
            const read = (f: string) => fs.readFileSync(path.join(projectDir, "airflow", "dags", f), "utf8");
            const settings = read("mlops_settings.py");
            for (const key of [
                "model_registry_bucket",
                "predictions_bucket",
                "raw_bucket",
                "offline_bucket",
                "registry_path",
            ]) {
                assert.ok(settings.includes(`setting("${key}")`), `mlops_settings.py reads mlops.${key}`);
            }
            assert.match(settings, /^FEATURE_REPO = JOB_CONFIG\.get\("featureRepository"\) or \{\}$/m);
            for (const dag of dagFiles().filter((f) => f.startsWith("customer_segmentation_"))) {
                assert.match(
                    read(dag),
                    /^from mlops_settings import .*processing_job/m,
                    `${dag} uses the shared settings`,
                );
            }
            assert.match(read(".airflowignore"), /^mlops_settings\\\.py$/m);
        });

        it("sets custom timeouts above the provider's defaults (120m create/update, 90m delete)", () => {
            assert.deepStrictEqual(env.customTimeouts, { create: "3h", update: "3h", delete: "2h" });
        });

        it("exposes the webserver URL, ARNs and bucket", async () => {
            assert.strictEqual(await valueOf(orchestration.webserverUrl), env.outputs.webserverUrl);
            assert.strictEqual(
                await valueOf(orchestration.environmentArn),
                "arn:aws:airflow:us-east-1:123456789012:environment/airflow",
            );
            assert.strictEqual(
                await valueOf(orchestration.executionRoleArn),
                rec.named("aws:iam/role:Role", "airflow-execution").outputs.arn,
            );
            assert.strictEqual(
                await valueOf(orchestration.dagBucketName),
                rec.named("aws:s3/bucket:Bucket", "airflow-dags").outputs.bucket,
            );
        });
    });
});

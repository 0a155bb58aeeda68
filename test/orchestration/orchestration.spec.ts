import { execFileSync } from "child_process";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../components/core/configErrors";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { MWAA_LOG_TYPES, Orchestration, OrchestrationArgs } from "../../components/orchestration/orchestration";
import { PIPELINE } from "../support/orchestrationFixtures";
import { PlannedResource, ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { SERVERLESS_NETWORK } from "../support/platformConfigFixtures";

const projectDir = path.resolve(__dirname, "..", "..", "..");
const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";
const SUBNETS = ["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c"];
const ENV = "aws:mwaa/environment:Environment";
const OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const SG = "aws:ec2/securityGroup:SecurityGroup";

function baseArgs(overrides: Partial<OrchestrationArgs> = {}): OrchestrationArgs {
    return {
        environment: "dev",
        kmsKeyArn: KEY,
        accessLogBucket: "access-logs",
        vpcId: "vpc-0123456789abcdef0",
        privateSubnetIds: SUBNETS,
        projectDir,
        pipeline: PIPELINE,
        tags: { team: "ml" },
        ...overrides,
    };
}

function dagFiles(): string[] {
    return fs
        .readdirSync(path.join(projectDir, "airflow", "dags"))
        .filter((f) => (!f.startsWith(".") || f === ".airflowignore") && f !== "__pycache__")
        .sort();
}

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
                    environmentClass: "mw1.small",
                    minWorkers: 1,
                    maxWorkers: 2,
                    schedulers: 2,
                    minWebservers: 2,
                    maxWebservers: 2,
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

    describe("DAG files", () => {
        const read = (f: string) => fs.readFileSync(path.join(projectDir, "airflow", "dags", f), "utf8");
        // Issue 10: every step is a SageMaker Processing job; Airflow only orchestrates.
        // feast apply (of the configured definitions version) runs before every Feast step.
        const APPLY = /processing_job\("\w+", "feast-apply", \["--definitions-version", FEATURE_REPO_VERSION\]\)/;
        it("batch model: [feature_engineering, feast_apply] >> batch_scoring, @daily, Processing jobs", () => {
            const src = read("customer_segmentation_batch_model.py");
            assert.match(src, /dag_id="customer_segmentation_batch_model"/);
            assert.match(src, /schedule="@daily"/);
            assert.match(src, /^ {8}\[feature_engineering, feast_apply\] >> batch_scoring$/m);
            assert.match(src, APPLY);
            assert.strictEqual((src.match(/SageMakerProcessingOperator\(/g) ?? []).length, 3);
        });
        it("online model: [feature_engineering, feast_apply] >> materialize (feast materialize-incremental)", () => {
            const src = read("customer_segmentation_online_model.py");
            assert.match(src, /dag_id="customer_segmentation_online_model"/);
            assert.match(src, /^ {8}\[feature_engineering, feast_apply\] >> materialize$/m);
            assert.match(src, APPLY);
            assert.match(src, /materialize-incremental/);
        });
        it("feast_apply: manual trigger, the configured definitions version by default, or the conf's", () => {
            const src = read("feast_apply.py");
            assert.match(src, /dag_id="feast_apply"/);
            assert.match(src, /schedule=None/);
            assert.match(src, /params=\{"definitions_version": FEATURE_REPO_VERSION\}/);
            assert.match(src, /params\.definitions_version/);
        });
        it("job names stay unique per DAG and keep the rendered timestamp whole", () => {
            const src = read("mlops_settings.py");
            assert.match(
                src,
                new RegExp(
                    String.raw`"ProcessingJobName": f"\{JOB_CONFIG\['jobPrefix'\]\}-\{dag_tag\}-\{step\}"\[:47\]` +
                        String.raw` \+ "-\{\{ ts_nodash \| lower \}\}",`,
                ),
            );
            const tags = [
                "customer_segmentation_batch_model.py",
                "customer_segmentation_online_model.py",
                "feast_apply.py",
            ].map((f) => [...new Set([...read(f).matchAll(/processing_job\(\s*"(\w+)"/g)].map((m) => m[1]))]);
            assert.deepStrictEqual(tags, [["batch"], ["online"], ["apply"]]);
        });
        it(
            "all: Airflow 2 and 3 APIs (provider SageMakerProcessingOperator, schedule=), no catch-up, " +
                "disabled without an image",
            () => {
                for (const f of [
                    "customer_segmentation_batch_model.py",
                    "customer_segmentation_online_model.py",
                    "feast_apply.py",
                ]) {
                    const src = read(f);
                    assert.match(
                        src,
                        /^from airflow\.providers\.amazon\.aws\.operators\.sagemaker import SageMakerProcessingOperator$/m,
                        f,
                    );
                    assert.doesNotMatch(src, /DummyOperator|Papermill|python_operator|schedule_interval/, f);
                    assert.match(src, /catchup=False/, f);
                    assert.match(src, /^if PIPELINE_IMAGE:$/m, f);
                    assert.doesNotMatch(
                        src,
                        /s3:\/\/airflow-for-ml/,
                        `${f} reads bucket names from the [mlops] section`,
                    );
                }
            },
        );
        it("every DAG and pipeline entrypoint compiles (python3 -m py_compile)", () => {
            const files = [
                ...fs
                    .readdirSync(path.join(projectDir, "airflow", "dags"))
                    .filter((f) => f.endsWith(".py"))
                    .map((f) => path.join(projectDir, "airflow", "dags", f)),
                ...fs
                    .readdirSync(path.join(projectDir, "pipelines"))
                    .filter((f) => f.endsWith(".py"))
                    .map((f) => path.join(projectDir, "pipelines", f)),
            ];
            assert.ok(files.length >= 9);
            const script =
                "import py_compile,sys,tempfile\nfor f in sys.argv[1:]: py_compile.compile(f, " +
                "cfile=tempfile.mktemp(), doraise=True)";
            execFileSync("python3", ["-c", script, ...files]);
        });
    });

    describe("prod with plugins, a startup script and client security groups", () => {
        let rec: ResourceRecorder;
        let env: PlannedResource;
        let dir: string;
        before(async () => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "mwaa-"));
            fs.mkdirSync(path.join(dir, "airflow", "dags", "sql"), { recursive: true });
            fs.writeFileSync(
                path.join(dir, "airflow", "requirements.txt"),
                "--constraint " +
                    '"https://raw.githubusercontent.com/apache/airflow/constraints-3.0.6/constraints-3.12.txt"\npapermill==2.6.0\n',
            );
            fs.writeFileSync(path.join(dir, "airflow", "dags", "a.py"), "# a\n");
            fs.writeFileSync(path.join(dir, "airflow", "dags", "sql", "q.sql"), "select 1;\n");
            fs.mkdirSync(path.join(dir, "airflow", "dags", "__pycache__"));
            fs.writeFileSync(path.join(dir, "airflow", "dags", "__pycache__", "a.cpython-311.pyc"), "x");
            fs.writeFileSync(path.join(dir, "plugins.zip"), "PK");
            fs.writeFileSync(path.join(dir, "startup.sh"), "#!/bin/sh\n");
            rec = startMockRun({ stack: "prod" });
            new Orchestration(
                "airflow",
                baseArgs({
                    environment: "prod",
                    projectDir: dir,
                    pluginsFile: "plugins.zip",
                    startupScriptFile: "startup.sh",
                    environmentClass: "mw1.medium",
                    maxWorkers: 10,
                    webserverClientSecurityGroupIds: ["sg-0123456789abcdef0"],
                    weeklyMaintenanceWindowStart: "SUN:03:00",
                    airflowConfigurationOptions: { "core.default_task_retries": "2" },
                    pipeline: undefined,
                }),
            );
            await settle();
            env = rec.named(ENV, "airflow");
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it(
            "replaces workers GRACEFULly in prod: running tasks finish (up to 12 hours) before an update stops " +
                "them",
            () => {
                assert.strictEqual(env.inputs.workerReplacementStrategy, "GRACEFUL");
            },
        );

        it("pins plugins and the startup script by object version", () => {
            const plugins = rec.named(OBJECT, "airflow-plugins");
            const startup = rec.named(OBJECT, "airflow-startup-script");
            assert.strictEqual(env.inputs.pluginsS3Path, "plugins.zip");
            assert.strictEqual(env.inputs.pluginsS3ObjectVersion, plugins.outputs.versionId);
            assert.strictEqual(env.inputs.startupScriptS3Path, "startup.sh");
            assert.strictEqual(env.inputs.startupScriptS3ObjectVersion, startup.outputs.versionId);
            assert.ok(env.propertyDependencies.pluginsS3ObjectVersion.includes(plugins.urn));
            assert.ok(env.propertyDependencies.startupScriptS3ObjectVersion.includes(startup.urn));
        });

        it("uploads nested DAG files and skips caches", () => {
            const keys = rec
                .ofType(OBJECT)
                .map((o) => o.inputs.key)
                .sort();
            assert.deepStrictEqual(keys, [
                "dags/a.py",
                "dags/sql/q.sql",
                "plugins.zip",
                "requirements.txt",
                "startup.sh",
            ]);
        });

        it("uses prod capacity defaults, the maintenance window and extra config options", () => {
            assert.strictEqual(env.inputs.environmentClass, "mw1.medium");
            assert.strictEqual(env.inputs.minWorkers, 2);
            assert.strictEqual(env.inputs.maxWorkers, 10);
            assert.strictEqual(env.inputs.maxWebservers, 3);
            assert.strictEqual(env.inputs.webserverAccessMode, "PRIVATE_ONLY");
            assert.strictEqual(env.inputs.weeklyMaintenanceWindowStart, "SUN:03:00");
            assert.deepStrictEqual(env.inputs.airflowConfigurationOptions, {
                "core.load_examples": "False",
                "core.dags_are_paused_at_creation": "True",
                "core.default_task_retries": "2",
            });
        });

        it("keeps logs a year, protected, and protects the DAG bucket", () => {
            for (const g of rec.ofType(LOG_GROUP)) {
                assert.strictEqual(g.inputs.retentionInDays, 365);
                assert.strictEqual(g.protect, true);
                assert.strictEqual(g.retainOnDelete, true);
            }
            const bucket = rec.named("aws:s3/bucket:Bucket", "airflow-dags");
            assert.strictEqual(bucket.protect, true);
            assert.strictEqual(bucket.inputs.forceDestroy, false);
        });

        it("admits listed client security groups on HTTPS only", () => {
            const ingress = rec.named(SG, "airflow").inputs.ingress as Record<string, unknown>[];
            assert.strictEqual(ingress.length, 2);
            assert.deepStrictEqual(
                { ...ingress[1], description: undefined },
                {
                    description: undefined,
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    securityGroups: ["sg-0123456789abcdef0"],
                },
            );
            assert.ok(ingress.every((r) => r.cidrBlocks === undefined));
        });
    });

    describe("rejects bad input before registering anything", () => {
        let rec: ResourceRecorder;
        before(() => {
            rec = startMockRun({ stack: "dev" });
        });
        afterEach(() => assert.strictEqual(rec.resources.length, 0, rec.resources.map((r) => r.name).join(", ")));
        const reject = (overrides: Partial<OrchestrationArgs>) => {
            try {
                new Orchestration("bad", baseArgs(overrides));
            } catch (err) {
                assert.ok(err instanceof ConfigError, String(err));
                return err.message;
            }
            return assert.fail("expected a ConfigError");
        };

        it("an unknown environment class", () => {
            assert.match(
                reject({ environmentClass: "mw1.huge" as never }),
                /environmentClass: must be one of "mw1.micro"/,
            );
        });
        it("workers out of range", () => {
            assert.match(reject({ maxWorkers: 30 }), /maxWorkers: Too big|maxWorkers: .*25/);
            assert.match(reject({ minWorkers: 0 }), /minWorkers: /);
        });
        it("more workers than the class allows", () => {
            assert.match(
                reject({ environmentClass: "mw1.micro", maxWorkers: 2 }),
                /maxWorkers: must be at most 1 for environmentClass mw1.micro/,
            );
        });
        it("minWorkers above maxWorkers, explicit or via the dev default of 2", () => {
            assert.match(reject({ minWorkers: 4, maxWorkers: 3 }), /minWorkers: must be at most maxWorkers/);
            assert.match(reject({ minWorkers: 3 }), /minWorkers: must be at most maxWorkers \(3 > 2\)/);
        });
        it("one scheduler on mw1.small", () => {
            assert.match(reject({ schedulers: 1 }), /schedulers: must be 2-5 for environmentClass mw1.small/);
        });
        it("PUBLIC_ONLY in prod", () => {
            assert.match(
                reject({ environment: "prod", webserverAccessMode: "PUBLIC_ONLY" }),
                /webserverAccessMode: PUBLIC_ONLY is refused in prod/,
            );
        });
        it("PUBLIC_AND_PRIVATE in prod (the UI would still be on the internet)", () => {
            assert.match(
                reject({ environment: "prod", webserverAccessMode: "PUBLIC_AND_PRIVATE" }),
                /webserverAccessMode: PUBLIC_AND_PRIVATE is refused in prod/,
            );
        });
        it("a worker replacement strategy MWAA does not know", () => {
            assert.match(reject({ workerReplacementStrategy: "ROLLING" as never }), /workerReplacementStrategy: /);
        });
        it("a log level below INFO", () => {
            assert.match(reject({ logLevel: "DEBUG" as never }), /logLevel: must be one of "INFO"/);
        });
        it("requirements constrained for another Airflow version, or for the right one with the wrong Python", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "req-"));
            fs.cpSync(path.join(projectDir, "airflow", "dags"), path.join(dir, "dags"), { recursive: true });
            const url = (a: string, p: string) =>
                `--constraint ` +
                `"https://raw.githubusercontent.com/apache/airflow/constraints-${a}/constraints-${p}.txt"\n`;
            fs.writeFileSync(path.join(dir, "other.txt"), url("2.10.3", "3.11"));
            fs.writeFileSync(path.join(dir, "python.txt"), url("2.11.0", "3.11"));
            const base = { projectDir: dir, dagsDir: "dags" };
            assert.match(
                reject({ ...base, requirementsFile: "other.txt", airflowVersion: "2.11.0" }),
                /requirementsFile: other.txt is constrained for Airflow 2\.10\.3 but airflowVersion is 2\.11\.0/,
            );
            // Issue 10: the old check compared only the Airflow part, so this line passed for 2.11.0 (Python 3.12).
            assert.match(
                reject({ ...base, requirementsFile: "python.txt", airflowVersion: "2.11.0" }),
                /requirementsFile: python.txt names constraints-3\.11\.txt but MWAA runs Airflow 2\.11\.0 on Python 3\.12/,
            );
            fs.rmSync(dir, { recursive: true, force: true });
        });
        it("missing files", () => {
            const message = reject({ dagsDir: "airflow/nope", pluginsFile: "nope.zip" });
            assert.match(message, /dagsDir: airflow\/nope is not a directory/);
            assert.match(message, /pluginsFile: nope.zip does not exist/);
        });
        it("a path outside the project", () => {
            assert.match(
                reject({ requirementsFile: "../../requirements.txt" }),
                /requirementsFile: must be a path inside the project/,
            );
        });
    });

    describe("stack config names the key", () => {
        const problems = (environment: string, orchestration: Record<string, unknown>) => {
            try {
                parsePlatformConfig({
                    environment,
                    network: SERVERLESS_NETWORK,
                    featureStore: {
                        project: "customer_segmentation",
                        featureViews: [
                            {
                                name: "customer_rfm_features",
                                entity: "customer",
                                joinKey: "customerid",
                                features: { recency: "int32" },
                            },
                        ],
                    },
                    orchestration,
                });
            } catch (err) {
                assert.ok(err instanceof ConfigError, String(err));
                return [...err.problems];
            }
            return assert.fail("expected the config to be rejected");
        };
        const has = (list: string[], prefix: string) =>
            assert.ok(
                list.some((p) => p.startsWith(prefix)),
                `${prefix} not in:\n${list.join("\n")}`,
            );

        it("bad class", () =>
            has(
                problems("dev", { environmentClass: "mw2.small" }),
                "mlops-platform:orchestration.environmentClass: must be one of",
            ));
        it("workers out of range", () =>
            has(problems("dev", { maxWorkers: 26 }), "mlops-platform:orchestration.maxWorkers: "));
        it("minWorkers > maxWorkers", () =>
            has(
                problems("dev", { minWorkers: 5, maxWorkers: 3 }),
                "mlops-platform:orchestration.minWorkers: must be at most maxWorkers",
            ));
        it("minWorkers above the environment's default maxWorkers", () =>
            has(
                problems("dev", { minWorkers: 3 }),
                "mlops-platform:orchestration.minWorkers: must be at most maxWorkers (3 > 2) (with the dev defaults",
            ));
        it("mw1.micro with more than one worker", () =>
            has(
                problems("dev", { environmentClass: "mw1.micro", maxWorkers: 3 }),
                "mlops-platform:orchestration.maxWorkers: must be at most 1",
            ));
        it("PUBLIC_ONLY in prod", () =>
            has(
                problems("prod", { webserverAccessMode: "PUBLIC_ONLY" }),
                "mlops-platform:orchestration.webserverAccessMode: PUBLIC_ONLY is refused in prod",
            ));
        it("PUBLIC_AND_PRIVATE in prod", () =>
            has(
                problems("prod", { webserverAccessMode: "PUBLIC_AND_PRIVATE" }),
                "mlops-platform:orchestration.webserverAccessMode: PUBLIC_AND_PRIVATE is refused in prod",
            ));
        it("workerReplacementStrategy is FORCED or GRACEFUL", () =>
            has(
                problems("dev", { workerReplacementStrategy: "graceful" }),
                "mlops-platform:orchestration.workerReplacementStrategy: ",
            ));
        it("accepts PUBLIC_ONLY and PUBLIC_AND_PRIVATE in dev, GRACEFUL workers, and mw1.micro alone", () => {
            for (const orchestration of [
                { webserverAccessMode: "PUBLIC_ONLY" },
                { webserverAccessMode: "PUBLIC_AND_PRIVATE" },
                { workerReplacementStrategy: "GRACEFUL" },
                { environmentClass: "mw1.micro" },
            ]) {
                parsePlatformConfig({
                    environment: "dev",
                    network: SERVERLESS_NETWORK,
                    featureStore: {
                        project: "p",
                        featureViews: [{ name: "v", entity: "e", joinKey: "k", features: { a: "int32" } }],
                    },
                    orchestration,
                });
            }
        });
    });

    describe("wired into MlopsPlatform", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "dev" });
            const cwd = process.cwd();
            process.chdir(projectDir);
            try {
                const { MlopsPlatform } = await import("../../components/platform/mlopsPlatform");
                new MlopsPlatform("mlops-dev", {
                    environment: "dev",
                    network: SERVERLESS_NETWORK,
                    featureStore: {
                        project: "customer_segmentation",
                        featureViews: [
                            {
                                name: "customer_rfm_features",
                                entity: "customer",
                                joinKey: "customerid",
                                features: { recency: "int32" },
                            },
                        ],
                    },
                    orchestration: { maxWorkers: 2 },
                });
            } finally {
                process.chdir(cwd);
            }
            await settle();
        });

        it("puts Redshift and MWAA in the network's private subnets", () => {
            const vpc = rec.ofType("awsx:ec2:Vpc")[0];
            const subnets = vpc.outputs.privateSubnetIds as string[];
            const env = rec.ofType(ENV)[0];
            assert.deepStrictEqual(
                (env.inputs.networkConfiguration as { subnetIds: string[] }).subnetIds,
                subnets.slice(0, 2),
            );
            assert.strictEqual(
                rec.ofType(SG).find((s) => s.name.endsWith("-airflow"))!.inputs.vpcId,
                vpc.outputs.vpcId,
            );
            const workgroup = rec.ofType("aws:redshiftserverless/workgroup:Workgroup")[0];
            assert.deepStrictEqual(workgroup.inputs.subnetIds, subnets);
        });

        it("registers the network before the feature store", () => {
            const order = rec.resources.map((r) => r.type);
            assert.ok(
                order.indexOf("mlops-platform:index:Network") < order.indexOf("mlops-platform:index:FeatureStore"),
            );
        });

        it("scopes the processing role to the data lake and feature store of the same stack", () => {
            const policy = JSON.parse(
                rec.ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.name.endsWith("-airflow-processing"))!.inputs
                    .policy as string,
            );
            const byName = (n: string) =>
                rec.ofType("aws:s3/bucket:Bucket").find((b) => b.name === n)!.outputs.arn as string;
            const resources = (sid: string) =>
                [policy.Statement.find((s: { Sid: string }) => s.Sid === sid).Resource].flat();
            assert.deepStrictEqual(resources("FeatureEngineeringReadRawData"), [`${byName("mlops-dev-raw")}/*`]);
            assert.deepStrictEqual(resources("ModelPredictionWritePredictions"), [
                `${byName("mlops-dev-predictions")}/*`,
            ]);
            assert.deepStrictEqual(
                resources("FeastMaterializeOnlineStore"),
                rec.ofType("aws:dynamodb/table:Table").map((t) => t.outputs.arn),
            );
            assert.deepStrictEqual(resources("FeastQueryOfflineStoreViaDataApi"), [
                rec.ofType("aws:redshiftserverless/workgroup:Workgroup")[0].outputs.arn,
            ]);
        });
    });
});

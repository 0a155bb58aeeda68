import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Orchestration } from "../../components/orchestration/orchestration";
import { PlannedResource, ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { ENV, OBJECT, LOG_GROUP, SG, baseArgs } from "../support/orchestrationFixtures";

describe("Orchestration", () => {
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
                    '"https://raw.githubusercontent.com/apache/airflow/constraints-3.0.6/constraints-3.12.txt"' +
                    "\npapermill==2.6.0\n",
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
});

import { execFileSync } from "child_process";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { projectDir } from "../support/orchestrationFixtures";

/** A DAG's import of the operator that starts the SageMaker Processing jobs. */
const IMPORTS_PROCESSING_OPERATOR = new RegExp(
    /^from airflow\.providers\.amazon\.aws\.operators\.sagemaker /.source +
        /import SageMakerProcessingOperator$/.source,
    "m",
);

describe("Orchestration", () => {
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
                    assert.match(src, IMPORTS_PROCESSING_OPERATOR, f);
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
});

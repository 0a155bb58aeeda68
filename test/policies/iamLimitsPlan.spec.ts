/**
 * IAM's 10,240 characters of inline policy per role
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html) on the documents the
 * platform really produces: the processing role lists every feature view's DynamoDB table,
 * so its policy grows with `featureStore.featureViews`. The plan of the prod config with more views
 * must stop on iam-policy-size-quota before IAM would refuse the role at deploy time. Planned in this
 * process through the CLI's own `planOutput` (its document and exit code); test/plan/planCli.spec.ts
 * spawns the CLI for its exit 1 on a mandatory violation.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planOutput } from "../../tools/plan/plan";
import type { PlanDocument } from "../../tools/plan/plan";
import { projectDir } from "../support/fixtures";

/** Pulumi.prod.yaml with its one feature view repeated as v00, v01, … (short names keep FEAST_ONLINE_TABLES short) */
function prodWithViews(dir: string, views: number): string {
    const text = fs.readFileSync(path.join(projectDir, "Pulumi.prod.yaml"), "utf8");
    const start = text.indexOf("    featureViews:\n") + "    featureViews:\n".length;
    const end = text.indexOf("  # Serving:");
    const view = text.slice(start, end);
    const repeated = Array.from({ length: views }, (_, i) =>
        view.replace("customer_rfm_features", `v${String(i).padStart(2, "0")}`),
    ).join("");
    const file = path.join(dir, "Pulumi.prod.yaml");
    fs.writeFileSync(file, text.slice(0, start) + repeated + text.slice(end));
    return file;
}

describe("IAM inline-policy quota on the planned processing role (grows with the feature views)", function () {
    this.timeout(240_000);
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "iam-quota-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const plan = async (views: number) => {
        const run = await planOutput(["--config-file", prodWithViews(dir, views), "--json"]);
        return { code: run.code, doc: JSON.parse(run.text) as PlanDocument };
    };

    it("66 views fit (10,195 characters); 67 make the plan exit 1 naming the role and 10,269 characters", async () => {
        const fits = await plan(66);
        assert.deepStrictEqual([fits.code, fits.doc.violations], [0, []]);
        const over = await plan(67);
        assert.strictEqual(over.code, 1);
        assert.deepStrictEqual(
            over.doc.violations.map((v) => [v.policy, v.enforcementLevel, v.message.split(".")[0]]),
            [
                [
                    "iam-policy-size-quota",
                    "mandatory",
                    "role mlops-prod-airflow-processing-7712834 has 10269 characters of inline policy; " +
                        "IAM allows 10240 per role",
                ],
            ],
        );
    });
});

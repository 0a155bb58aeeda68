import * as assert from "assert";
import { DEFAULT_AIRFLOW_VERSION } from "../../components/orchestration/orchestrationSettings";
import { MlopsPlatform } from "../../components/platform/mlopsPlatform";
import { readPlatformConfig } from "../../components/platform/platformConfig";
import { renderText } from "../../tools/plan/plan";
import type { PlanDocument } from "../../tools/plan/plan";
import { renderSummary } from "../../tools/plan/render/summary";
import { SUMMARY_SETTINGS, valuesAt } from "../../tools/plan/render/summarySettings";
import { renderVerbose } from "../../tools/plan/render/verbose";
import { settle, startMockRun } from "../../tools/plan/recorder";
import { loadStack } from "../../tools/plan/stackFiles";
import { DEFAULT_WIDTH, outputWidth, wrap } from "../../tools/plan/render/wrap";
import { projectDir } from "../support/fixtures";
import { recordedPlan } from "../support/recordedPlans";

describe("plan summary (the default text output)", () => {
    let dev: PlanDocument;
    let prod: PlanDocument;
    let prodText: string;
    before(() => {
        dev = recordedPlan("dev").doc;
        prod = recordedPlan("prodServing").doc;
        prodText = renderText(prod, {});
    });

    it("fits the recorded prod plan in 120 lines of at most 120 characters", () => {
        const lines = prodText.split("\n");
        assert.ok(lines.length <= 120, `${lines.length} lines`);
        assert.deepStrictEqual(
            lines.filter((l) => l.length > DEFAULT_WIDTH),
            [],
        );
    });

    it("wraps to a narrower terminal without losing a word", () => {
        const narrow = renderSummary(prod, { policiesRun: true, width: 60 });
        assert.deepStrictEqual(
            narrow.split("\n").filter((l) => l.length > 60),
            [],
        );
        const words = (text: string) => text.split(/\s+/).join("");
        assert.strictEqual(words(narrow), words(prodText));
    });

    it("has one block per component of the platform, and their AWS resources add up to the plan's", () => {
        const headers = prodText.split("\n").filter((l) => /^\S+ \S+ \(\d+ AWS resources/.test(l));
        assert.deepStrictEqual(
            headers.map((h) => h.split(" (")[0]),
            [
                "EncryptionKey mlops-prod-key",
                "DataLake mlops-prod",
                "Network mlops-prod-network",
                "FeatureStore mlops-prod-features",
                "Orchestration mlops-prod-airflow",
                "ModelRegistry mlops-prod-models",
                "ModelEndpoint mlops-prod-serving",
            ],
        );
        const total = headers.reduce((sum, h) => sum + Number(/\((\d+) AWS resources/.exec(h)![1]), 0);
        assert.strictEqual(total, prod.resources.filter((r) => r.custom).length);
        assert.ok(prodText.includes("\nDataLake mlops-prod (55 AWS resources; components: SecureBucket 7)\n"));
    });

    it("counts resources by type and names what is protected", () => {
        assert.ok(prodText.includes("\n  resources  kms.Key 1, kms.Alias 1\n"), prodText);
        assert.ok(prodText.includes("\n  protected  kms.Key 1 (protect + retainOnDelete)\n"));
        assert.ok(prodText.includes("\n  protected  s3.Bucket 7 (protect + retainOnDelete)\n"));
        const devText = renderText(dev, {});
        assert.strictEqual(devText.match(/\n {2}protected {2}none\n/g)?.length, 6);
    });

    it("shows the settings that differ between the environments", () => {
        assert.ok(prodText.includes("\n  settings   kms (key rotation: true, deletion window days: 30)\n"));
        assert.ok(renderText(dev, {}).includes("\n  settings   kms (key rotation: true, deletion window days: 7)\n"));
        // The stack's config leaves the Airflow version to the component's default.
        assert.ok(
            prodText.includes(
                `mwaa (Airflow: ${DEFAULT_AIRFLOW_VERSION}, class: mw1.medium, workers min: 2, workers max: 10,`,
            ),
            prodText,
        );
        assert.match(prodText, /\n {2}settings {3}s3 \(force destroy: false, /);
        assert.match(renderText(dev, {}), /\n {2}settings {3}s3 \(force destroy: true, /);
        assert.match(prodText, /\n {13}mwaa \(Airflow: /);
    });

    it("reads a value for every setting it lists from prod or dev with its serverless endpoint on", async () => {
        // Dev ships serving.enabled: false (no endpoint before its image exists); on, it is the serverless one.
        const files = loadStack(projectDir, { stack: "dev" });
        const serving = { ...JSON.parse(files.config["mlops-platform:serving"]), enabled: true };
        const config = { ...files.config, "mlops-platform:serving": JSON.stringify(serving) };
        const rec = startMockRun({ project: files.project, stack: files.stack, config });
        new MlopsPlatform("mlops-dev", readPlatformConfig(config));
        await settle();
        const unread: string[] = [];
        for (const [type, settings] of Object.entries(SUMMARY_SETTINGS)) {
            const resources = [...rec.resources, ...prod.resources].filter((r) => r.type === type);
            for (const setting of settings) {
                const found = resources.some((r) => [setting.read(r.inputs)].flat().some((v) => v !== undefined));
                if (!found) unread.push(`${type} ${setting.label}`);
            }
        }
        assert.deepStrictEqual(unread, []);
    });

    it("reads dotted paths, flattening arrays marked []", () => {
        const data = { a: [{ b: { c: 1 } }, { b: { c: 2 } }, { b: {} }], d: { e: "x" } };
        assert.deepStrictEqual(valuesAt(data, "a[].b.c"), [1, 2]);
        assert.deepStrictEqual(valuesAt(data, "d.e"), ["x"]);
        assert.deepStrictEqual(valuesAt(data, "d.missing"), []);
    });

    it("prints scalar outputs in full, nested objects by their keys and multi-line strings by their size", () => {
        const o = prod.outputs as Record<string, unknown>;
        assert.ok(prodText.includes(`\n  kmsKeyArn: ${String(o.kmsKeyArn)}\n`));
        const yamlLines = String(o.featureStoreYaml).trimEnd().split("\n").length;
        assert.ok(prodText.includes(`\n  featureStoreYaml: (${yamlLines} lines; --verbose prints it)\n`));
        assert.match(
            prodText,
            /\n {2}servingExpected: \{endpointName, image, variants, lineage, modelPackageGroupName, /,
        );
    });

    it("ends with the pack's verdict, which CI tails", () => {
        assert.match(prodText, /\n\nPolicy violations: none$/);
        assert.match(renderText(dev, { policies: false }), /\n\nPolicy pack: skipped \(--no-policies\)$/);
        const devText = renderText(dev, {});
        assert.match(
            devText,
            new RegExp(
                "\\nPolicy violations: 1\\n {2}\\[advisory\\] kms-key-deletion-window {2}" +
                    "aws:kms/key:Key::mlops-dev-key\\n {6}KMS key",
            ),
        );
    });

    it("wraps with a hanging indent and cuts a word longer than the line", () => {
        assert.deepStrictEqual(wrap("aa bb cc dd", 8, "- ", "  "), ["- aa bb", "  cc dd"]);
        assert.deepStrictEqual(wrap("abcdefghij", 6, "> "), ["> abcd", "  efgh", "  ij"]);
        assert.deepStrictEqual(wrap("", 10, "x "), ["x"]);
    });

    it("uses the terminal's columns on a TTY and 120 otherwise", () => {
        assert.strictEqual(outputWidth({ isTTY: true, columns: 90 }), 90);
        assert.strictEqual(outputWidth({ isTTY: false, columns: 90 }), 120);
        assert.strictEqual(outputWidth({}), 120);
    });
});

describe("plan --verbose", () => {
    let dev: PlanDocument;
    let text: string;
    before(() => {
        dev = recordedPlan("dev").doc;
        text = renderVerbose(dev, true);
    });

    it("prints every resource under its component", () => {
        assert.match(text, /^Plan for stack dev: \d+ resources/);
        assert.match(
            text,
            new RegExp(
                "\\n {2}mlops-platform:index:DataLake {2}mlops-dev\\n" +
                    " {4}mlops-platform:index:SecureBucket {2}mlops-dev-access-logs\\n" +
                    " {6}\\+ aws:s3/bucket:Bucket {2}mlops-dev-access-logs\\n",
            ),
        );
        for (const r of dev.resources) assert.ok(text.includes(`${r.type}  ${r.name}`), r.urn);
        assert.strictEqual(renderText(dev, { verbose: true }), text);
    });

    it("pretty-prints JSON documents held in strings, such as the key policy", () => {
        const key = dev.resources.find((r) => r.type === "aws:kms/key:Key")!;
        const pretty = JSON.stringify(JSON.parse(String(key.inputs.policy)), null, 2)
            .split("\n")
            .map((l) => `              ${l}`.trimEnd())
            .join("\n");
        assert.ok(text.includes(`\n          policy: | (JSON)\n${pretty}\n`));
    });

    it("prints objects and multi-line strings as indented blocks", () => {
        assert.match(text, /\n {2}featureStoreYaml: \|\n {6}project: customer_segmentation\n/);
        assert.match(text, /\n {12}rule:\n {16}\{\n {18}"objectOwnership": "BucketOwnerEnforced"\n {16}\}\n/);
        assert.match(text, /\nOutputs:\n {2}environment: "dev"\n/);
    });
});

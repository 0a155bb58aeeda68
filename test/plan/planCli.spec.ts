import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "../../tools/plan/plan";
import type { PlanDocument } from "../../tools/plan/plan";
import { projectDir, runPlan as plan } from "../support/fixtures";
import { prodTextFile, recordedPlan } from "../support/recordedPlans";

describe("plan CLI (subprocess)", () => {
    let dev: PlanDocument;
    let prod: PlanDocument;
    before(() => {
        // The dev and prod plans every reading spec shares (recorded once per mocha run).
        const devRun = recordedPlan("dev");
        assert.strictEqual(devRun.code, 0, devRun.stderr);
        dev = devRun.doc;
        const prodRun = recordedPlan("prod");
        assert.strictEqual(prodRun.code, 0, prodRun.stderr);
        prod = prodRun.doc;
    });

    it("prints the documented JSON shape", () => {
        assert.deepStrictEqual(Object.keys(dev), ["stack", "resources", "outputs", "violations"]);
        assert.strictEqual(dev.stack, "dev");
        const bucket = dev.resources.find((r) => r.type === "aws:s3/bucket:Bucket")!;
        for (const key of ["urn", "type", "name", "parent", "inputs", "dependencies", "protect", "retainOnDelete"]) {
            assert.ok(key in bucket, `resource has ${key}`);
        }
    });

    it("plans the data lake and feature store of the dev stack", () => {
        const count = (type: string) => dev.resources.filter((r) => r.type === type).length;
        assert.strictEqual(count("mlops-platform:index:MlopsPlatform"), 1);
        assert.strictEqual(count("mlops-platform:index:SecureBucket") >= 7, true);
        assert.strictEqual(count("aws:kms/key:Key"), 1);
        assert.strictEqual(count("aws:dynamodb/table:Table"), 1);
        assert.strictEqual(count("aws:glue/catalogTable:CatalogTable"), 1);
        assert.strictEqual(count("aws:redshiftserverless/workgroup:Workgroup"), 1);
    });

    it("exports AWS-shaped outputs", () => {
        const o = dev.outputs as Record<string, any>;
        assert.match(o.kmsKeyArn, /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
        assert.match(o.redshiftRoleArn, /^arn:aws:iam::123456789012:role\/mlops-dev-features-redshift-[0-9a-f]{7}$/);
        assert.match(o.redshiftEndpoint, /\.redshift-serverless\.amazonaws\.com:5439$/);
        assert.deepStrictEqual(o.onlineTableNames, {
            customer_rfm_features: "customer_segmentation.customer_rfm_features",
        });
        assert.match(o.featureStoreYaml, /^project: customer_segmentation\n/);
    });

    it("protects and retains every stateful resource in prod, none in dev", () => {
        const stateful = [
            "aws:s3/bucket:Bucket",
            "aws:dynamodb/table:Table",
            "aws:kms/key:Key",
            "aws:glue/catalogDatabase:CatalogDatabase",
            "aws:redshiftserverless/namespace:Namespace",
        ];
        const prodStateful = prod.resources.filter((r) => stateful.includes(r.type));
        assert.ok(prodStateful.length >= 11);
        assert.deepStrictEqual(
            prodStateful.filter((r) => !(r.protect && r.retainOnDelete)).map((r) => r.name),
            [],
        );
        assert.deepStrictEqual(
            dev.resources.filter((r) => r.protect || r.retainOnDelete).map((r) => r.name),
            [],
        );
    });

    it("never protects replaceable children", () => {
        const replaceable = ["aws:sagemaker/model:Model", "aws:sagemaker/endpointConfiguration:EndpointConfiguration"];
        assert.deepStrictEqual(
            prod.resources.filter((r) => replaceable.includes(r.type) && (r.protect || r.retainOnDelete)),
            [],
        );
    });

    // One text plan of the prod stack file serves both the summary and the --config-file checks,
    // recorded once per mocha run (the CLI's planOutput, written to --out as the CLI writes it); the
    // tests of what the CLI process itself does (exit codes, stdout, stderr) spawn it.
    const prodText = () => {
        const run = recordedPlan("prodText");
        return { ...run, stdout: fs.readFileSync(prodTextFile, "utf8") };
    };

    it("prints the summary by default, every input with --verbose", () => {
        const run = prodText();
        assert.strictEqual(run.code, 0, run.stderr);
        assert.match(run.stdout, /^Plan for stack prod: \d+ resources/);
        assert.match(run.stdout, /\nDataLake mlops-prod \(55 AWS resources; components: SecureBucket 7\)\n/);
        assert.match(run.stdout, /\nOutputs:\n {2}environment: prod\n/);
        assert.match(run.stdout, /\nPolicy pack: skipped \(--no-policies\)\n$/);
        // --verbose reaches the renderer (test/plan/planSummary.spec.ts proves what it prints).
        assert.strictEqual(parseArgs(["--verbose"]).verbose, true);
        assert.strictEqual(parseArgs(["-v"]).verbose, true);
        assert.strictEqual(parseArgs([]).verbose, false);
    });

    it("plans any stack file given with --config-file", () => {
        const run = prodText();
        assert.strictEqual(run.code, 0, run.stderr);
        assert.match(run.stdout, /^Plan for stack prod: /);
    });

    it("exits 2 on a bad config, naming every key, without a stack trace", () => {
        const run = plan("--config-file", path.join(projectDir, "test", "fixtures", "Pulumi.badconfig.yaml"));
        assert.strictEqual(run.code, 2);
        assert.strictEqual(run.stdout, "");
        const lines = run.stderr.trim().split("\n");
        assert.strictEqual(lines[0], "error: invalid stack configuration:");
        assert.ok(
            lines.includes('  - mlops-platform:environment: must be one of "dev", "staging", "prod"'),
            run.stderr,
        );
        assert.ok(
            lines.some((l) => l.startsWith("  - mlops-platform:featureStore.offlineStore.baseCapacityRpu: ")),
            run.stderr,
        );
        assert.ok(
            lines.some((l) =>
                l.startsWith(
                    '  - mlops-platform:featureStore.featureViews[0].features.recency: must be one of "int32"',
                ),
            ),
            run.stderr,
        );
        assert.ok(
            lines.some((l) => l.startsWith("  - mlops-platform:dataLak: unknown key (allowed: ")),
            run.stderr,
        );
        assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
    });

    it("exits 1 on mandatory violations, naming each policy (dev advisories raised to mandatory)", () => {
        // The CLI process itself: its exit code, and stdout that is exactly the JSON document.
        const run = plan(
            "--stack",
            "dev",
            "--policy-config",
            path.join("test", "fixtures", "policy-all-mandatory.json"),
            "--json",
        );
        assert.strictEqual(run.code, 1, run.stderr);
        const violations = (JSON.parse(run.stdout) as PlanDocument).violations;
        assert.deepStrictEqual(violations.map((v) => [v.policy, v.enforcementLevel]).sort(), [
            ["kms-key-deletion-window", "mandatory"],
        ]);
    });

    it("reports dev's advisory without failing, and prod with none", () => {
        assert.deepStrictEqual(dev.violations.map((v) => [v.policy, v.enforcementLevel]).sort(), [
            ["kms-key-deletion-window", "advisory"],
        ]);
        assert.deepStrictEqual(prod.violations, []);
    });

    it("exits 2 on a missing stack file and on unknown flags", () => {
        const missing = plan("--stack", "nope");
        assert.strictEqual(missing.code, 2);
        assert.match(missing.stderr, /^error: cannot read .*Pulumi\.nope\.yaml\n$/);
        const flag = plan("--stak", "dev");
        assert.strictEqual(flag.code, 2);
        assert.match(flag.stderr, /^error: unknown argument --stak\n/);
        assert.throws(
            () => parseArgs(["--verbose", "--json"]),
            /^Error: --json, --diagram and --verbose are exclusive\n/,
        );
    });
});

/**
 * The offline loader and Pulumi ESC / secrets: a stack that imports ESC environments is refused
 * with the way to plan it (`pulumi env open … > values.json` + `--config-values`), and `secure:`
 * values are secrets: a placeholder (or the supplied plaintext), marked secret in the mock run,
 * never printed. ESC merge order: pulumi.com/docs/esc/integrations/infrastructure/pulumi-iac/.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startMockRun } from "../../tools/plan/recorder";
import { loadStack, SECRET_PLACEHOLDER, StackFileError } from "../../tools/plan/stackFiles";
import { projectDir, runPlan } from "../support/fixtures";
import { recordedPlan, SECRET_CIPHERTEXT, SECRET_PLAINTEXT } from "../support/recordedPlans";

/** A scratch project: Pulumi.yaml and one stack file with `body`, plus optional extra files. */
function project(body: string, extra: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-stackfiles-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: mlops-platform\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), body);
    for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

describe("stack files: ESC environments and secure values", () => {
    it("refuses `environment:` imports, naming them and the commands that plan such a stack", () => {
        const dir = project("environment:\n  - my-org/ml-dev\nconfig:\n  mlops-platform:environment: dev\n");
        assert.throws(
            () => loadStack(dir, { stack: "dev" }),
            (err: Error) =>
                err instanceof StackFileError &&
                err.message.includes("imports Pulumi ESC environment(s) my-org/ml-dev") &&
                err.message.includes("`pulumi env open my-org/ml-dev --format json > values.json`") &&
                err.message.includes("--config-values values.json"),
        );
    });

    it("plans it with --config-values: the pulumiConfig block under the stack's own config, which wins", () => {
        const values = JSON.stringify({
            environmentVariables: { AWS_REGION: "eu-west-1" },
            pulumiConfig: { "aws:region": "eu-west-1", "mlops-platform:environment": "staging", owner: "ml" },
        });
        const dir = project("environment:\n  - my-org/ml-dev\nconfig:\n  mlops-platform:environment: dev\n", {
            "values.json": values,
        });
        const files = loadStack(dir, { stack: "dev", configValues: path.join(dir, "values.json") });
        assert.deepStrictEqual(files.config, {
            "aws:region": "eu-west-1",
            "mlops-platform:environment": "dev",
            "mlops-platform:owner": "ml",
        });
    });

    it("refuses a --config-values file that is not a map", () => {
        const dir = project("config: {}\n", { "values.yaml": "- a\n- b\n" });
        assert.throws(
            () => loadStack(dir, { stack: "dev", configValues: path.join(dir, "values.yaml") }),
            /values\.yaml: expected a map of config keys to values \(or a pulumiConfig block\)/,
        );
    });

    it("keeps `secure:` values as secrets: a placeholder, never the ciphertext, and listed as secret keys", () => {
        const dir = project(
            `config:\n  mlops-platform:environment: dev\n  team:apiToken:\n    secure: ${SECRET_CIPHERTEXT}\n`,
        );
        const files = loadStack(dir, { stack: "dev" });
        assert.strictEqual(files.config["team:apiToken"], SECRET_PLACEHOLDER);
        assert.deepStrictEqual(files.secretKeys, ["team:apiToken"]);
        assert.ok(!JSON.stringify(files.config).includes(SECRET_CIPHERTEXT));
    });

    it("takes a secure key's plaintext from --config-values and keeps it secret", () => {
        const dir = project(`config:\n  team:apiToken:\n    secure: ${SECRET_CIPHERTEXT}\n`, {
            "values.yaml": `team:apiToken: ${SECRET_PLAINTEXT}\n`,
        });
        const files = loadStack(dir, { stack: "dev", configValues: path.join(dir, "values.yaml") });
        assert.strictEqual(files.config["team:apiToken"], SECRET_PLAINTEXT);
        assert.deepStrictEqual(files.secretKeys, ["team:apiToken"]);
    });

    it(
        "marks the secure keys secret in the mock run (the SDK's PULUMI_CONFIG_SECRET_KEYS store, as the CLI " +
            "sets it)",
        () => {
            startMockRun({ config: { "team:apiToken": SECRET_PLACEHOLDER }, secretKeys: ["team:apiToken"] });
            // The SDK's own check (runtime/config.js isConfigSecret, @internal) is what Config consults.
            const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(k: string): boolean };
            assert.strictEqual(runtimeConfig.isConfigSecret("team:apiToken"), true);
            assert.strictEqual(runtimeConfig.isConfigSecret("aws:region"), false);
        },
    );
});

describe("plan CLI: ESC and secrets", () => {
    const dev = fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8");
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-plan-esc-"));
    after(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it("exits 2 on an ESC import, with the message and no stack trace", () => {
        const file = path.join(scratch, "Pulumi.esc.yaml");
        fs.writeFileSync(file, `environment:\n  - my-org/ml-dev\n${dev}`);
        const run = runPlan("--config-file", file, "--no-policies");
        assert.strictEqual(run.code, 2, run.stderr);
        assert.match(run.stderr, /pulumi env open my-org\/ml-dev --format json > values\.json/);
        assert.doesNotMatch(run.stderr, /\n\s+at /);
    });

    it("plans with --config-values and never prints a secure value's plaintext", () => {
        // The CLI's output and exit code for the dev stack with a `secure:` key, recorded once per run.
        const run = recordedPlan("devSecret");
        assert.strictEqual(run.code, 0, run.stderr);
        assert.deepStrictEqual(Object.keys(run.doc), ["stack", "resources", "outputs", "violations"]);
        assert.ok(!`${run.stdout}${run.stderr}`.includes(SECRET_PLAINTEXT));
        assert.ok(!`${run.stdout}${run.stderr}`.includes(SECRET_CIPHERTEXT));
    });
});

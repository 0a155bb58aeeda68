/**
 * The GitHub workflows users copy (.github/workflows/): valid per action-validator's workflow
 * schema (@action-validator/core, WebAssembly build), keyless (OIDC, no AWS keys), deploying
 * dev -> staging -> prod through GitHub environments, and running only commands this repository
 * documents. The README is being rewritten on another branch, so the commands are checked against
 * package.json's scripts and docs/adoption.md instead.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const REPO = path.resolve(__dirname, "..", "..", "..");
const WORKFLOWS = path.join(REPO, ".github", "workflows");
const validator = require("@action-validator/core") as {
    validateWorkflow(src: string): { errors: unknown[] };
};
const scripts = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).scripts as Record<string, string>;
const adoption = fs.readFileSync(path.join(REPO, "docs", "adoption.md"), "utf8");

interface Step {
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, string>;
}
interface Job {
    readonly needs?: string | string[];
    readonly environment?: string;
    readonly permissions?: Record<string, string>;
    readonly strategy?: { matrix: Record<string, unknown[]> };
    readonly steps: Step[];
}
const read = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
const jobs = (file: string) => (parse(read(file)) as { jobs: Record<string, Job> }).jobs;
/** The repository's stacks, from its stack files. */
const STACKS = fs
    .readdirSync(REPO)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();

describe("CI workflows (.github/workflows)", () => {
    it("has the pull-request and deploy workflows", () => {
        assert.deepStrictEqual(fs.readdirSync(WORKFLOWS).sort(), ["deploy.yml", "pull-request.yml"]);
    });

    it("the linter rejects a broken workflow (so a clean result means something)", () => {
        const broken = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz: []\n";
        assert.ok(validator.validateWorkflow(broken).errors.length > 0);
    });

    for (const file of ["pull-request.yml", "deploy.yml"]) {
        it(`${file} lints clean (action-validator)`, () => {
            assert.deepStrictEqual(validator.validateWorkflow(read(file)).errors, []);
        });

        it(
            `${file} runs only documented commands: npm ci/test and package.json scripts named in ` +
                `docs/adoption.md`,
            () => {
                const commands = Object.values(jobs(file))
                    .flatMap((j) => j.steps)
                    .flatMap((s) => (s.run ?? "").split("\n"))
                    .map((line) => /\bnpm (ci|test|run [a-z:]+)/.exec(line)?.[0])
                    .filter((c): c is string => c !== undefined);
                assert.ok(commands.length > 0);
                for (const command of new Set(commands)) {
                    const script = command.startsWith("npm run ") ? command.slice("npm run ".length) : undefined;
                    if (script !== undefined) assert.ok(script in scripts, `${command}: no such package.json script`);
                    assert.ok(adoption.includes(command), `${command} is not documented in docs/adoption.md`);
                }
            },
        );

        it(`${file} uses keyless AWS credentials: OIDC role from the job's environment, no access keys`, () => {
            assert.doesNotMatch(read(file), /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
            for (const [name, job] of Object.entries(jobs(file))) {
                const aws = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
                if (aws === undefined) continue;
                assert.strictEqual(job.permissions?.["id-token"], "write", name);
                assert.ok(job.environment !== undefined, `${name} has no environment (the role's sub pins one)`);
                assert.strictEqual(aws.with?.["role-to-assume"], "${{ vars.AWS_DEPLOY_ROLE_ARN }}");
            }
        });
    }

    it("pull requests: npm test, the offline plan of every stack, and pulumi preview with the pack per stack", () => {
        const pr = jobs("pull-request.yml");
        const runs = pr.test.steps.map((s) => s.run ?? "").join("\n");
        assert.match(runs, /npm test/);
        assert.match(runs, /for file in Pulumi\.\*\.yaml/);
        assert.match(runs, /npm run -s plan -- --stack "\$\{stack\}" \| tee -a plan-summary\.md/);
        assert.match(runs, /gh pr comment .* --body-file plan-summary\.md/);
        assert.deepStrictEqual([...pr.preview.strategy!.matrix.stack].sort(), STACKS);
        const preview = pr.preview.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
        assert.deepStrictEqual(
            { command: preview.with?.command, stack: preview.with?.["stack-name"], packs: preview.with?.policyPacks },
            { command: "preview", stack: "${{ matrix.stack }}", packs: "policies" },
        );
    });

    it("deploy: pulumi up dev -> staging -> prod, each in its GitHub environment, with the pack", () => {
        const deploy = jobs("deploy.yml");
        assert.deepStrictEqual(Object.keys(deploy), ["dev", "staging", "prod"]);
        assert.deepStrictEqual(
            Object.entries(deploy).map(([name, j]) => [name, j.environment, j.needs]),
            [
                ["dev", "dev", undefined],
                ["staging", "staging", "dev"],
                ["prod", "prod", "staging"],
            ],
        );
        // Each stage's stack file is in the repository (the offline plan step reads it).
        assert.deepStrictEqual(
            Object.keys(deploy).filter((stack) => !STACKS.includes(stack)),
            [],
        );
        for (const [name, job] of Object.entries(deploy)) {
            const up = job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
            assert.deepStrictEqual(
                [up.with?.command, up.with?.["stack-name"], up.with?.policyPacks],
                ["up", name, "policies"],
            );
        }
    });
});

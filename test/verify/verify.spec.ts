import {
    DescribeEndpointCommand,
    DescribeEndpointConfigCommand,
    DescribeModelCommand,
    DescribeModelCommandInput,
    ListTagsCommand,
    ListTagsCommandInput,
} from "@aws-sdk/client-sagemaker";
import { lineageEnvironment, lineageTags, modelLineage } from "../../components/serving/lineage";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatTable } from "../../tools/verify/checks";
import { parseVerifyArgs, runVerify } from "../../tools/verify/verify";
import { projectDir } from "../support/fixtures";
import { RUNBOOK_SERVING_DIGEST, writeRunbookStack } from "../support/runbookStack";
import {
    awsError,
    client,
    expectedFromOutputs,
    fastRetry,
    liveConfig,
    liveEndpoint,
    mockConfigPages,
    sagemaker,
    useSageMakerMock,
} from "./endpointFixtures";

/** The drift report of an endpoint that serves another endpoint config than the stack's. */
const ONE_CONFIG_DRIFT = new RegExp(
    /DRIFT: 1 difference\(s\)\n {2}- endpoint config in service: /.source +
        /expected mlops-prod-serving-0a1b2c3, live other/.source,
);

describe("verify", () => {
    useSageMakerMock();

    describe("command line", () => {
        // Prod as the runbook leaves it: the shipped Pulumi.prod.yaml keeps serving off.
        let prodServing: string[];
        before(() => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-runbook-"));
            prodServing = ["--stack", "prod", "--config-file", writeRunbookStack(dir)];
        });
        const io = () => {
            const out: string[] = [];
            const err: string[] = [];
            return {
                out,
                err,
                io: {
                    stdout: (s: string) => void out.push(s),
                    stderr: (s: string) => void err.push(s),
                    projectDir,
                    makeClient: () => client(),
                    retry: fastRetry().options,
                },
            };
        };

        it("--stack prod reads Pulumi.prod.yaml through the schema and prints a table", async () => {
            // the digest the runbook pins in Pulumi.prod.yaml
            const prodImage = [{ SpecifiedImage: `repo@${RUNBOOK_SERVING_DIGEST}` }];
            const variants = liveEndpoint().ProductionVariants!.map((v) => ({ ...v, DeployedImages: prodImage }));
            sagemaker.on(DescribeEndpointCommand).resolves(liveEndpoint({ ProductionVariants: variants }));
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            mockConfigPages();
            // The Models carry the lineage Pulumi.prod.yaml gives them (digest, no artifact key).
            const lineageOf = (name: string) =>
                modelLineage({ digest: RUNBOOK_SERVING_DIGEST }, name.includes("primary") ? "primary" : "challenger");
            sagemaker.on(DescribeModelCommand).callsFake((input: DescribeModelCommandInput) => ({
                ModelArn: `arn:aws:sagemaker:us-east-1:123456789012:model/${input.ModelName}`,
                PrimaryContainer: { Environment: lineageEnvironment(lineageOf(input.ModelName!)) },
            }));
            sagemaker.on(ListTagsCommand).callsFake((input: ListTagsCommandInput) => ({
                Tags: Object.entries(lineageTags(lineageOf(input.ResourceArn!))).map(([Key, Value]) => ({
                    Key,
                    Value,
                })),
            }));
            const run = io();
            const code = await runVerify(prodServing, run.io);
            assert.strictEqual(code, 0, run.out.join("\n") + run.err.join("\n"));
            const text = run.out.join("\n");
            assert.match(text, /^endpoint customer-segmentation \(us-east-1\)/);
            assert.match(text, /CHECK\s+EXPECTED\s+LIVE\s+STATUS/);
            assert.match(text, /variant primary: weight\s+0\.9\s+0\.9\s+ok/);
            assert.match(text, /variant challenger: lineage tags\s+.*ok/);
            assert.match(text, /OK: the live endpoint matches the stack/);
        });

        it("--outputs - reads `pulumi stack output --json` from stdin and lists drift", async () => {
            sagemaker.on(DescribeEndpointCommand).resolves(liveEndpoint({ EndpointConfigName: "other" }));
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            const run = io();
            const outputs = {
                servingEndpointArn: "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/customer-segmentation",
                servingExpected: expectedFromOutputs,
            };
            const code = await runVerify(["--outputs", "-"], { ...run.io, readStdin: () => JSON.stringify(outputs) });
            assert.strictEqual(code, 1);
            const text = run.out.join("\n");
            assert.match(text, /^endpoint customer-segmentation \(eu-west-1\)/);
            assert.match(text, ONE_CONFIG_DRIFT);
        });

        it("--json prints the result document", async () => {
            sagemaker.on(DescribeEndpointCommand).rejects(awsError("ValidationException", "Could not find endpoint"));
            const run = io();
            const code = await runVerify([...prodServing, "--json"], run.io);
            assert.strictEqual(code, 2);
            const doc = JSON.parse(run.out.join(""));
            assert.deepStrictEqual(Object.keys(doc), ["exitCode", "rows", "differences", "error"]);
            assert.match(doc.error, /endpoint customer-segmentation not found/);
        });

        it("bad input exits 2 with a message: usage, unknown stack, outputs without serving", async () => {
            for (const [argv, stdin, expected] of [
                [["--stack"], "", /--stack needs a value/],
                [["--bogus"], "", /unknown argument --bogus/],
                [["--stack", "nope"], "", /cannot read .*Pulumi\.nope\.yaml/],
                [["--outputs", "-"], "{}", /no servingExpected/],
                [["--outputs", "-"], "not json", /stack outputs are not JSON/],
                [["--outputs", "-", "--stack", "dev"], "{}", /--outputs replaces --stack/],
                // The shipped stacks keep serving off until an image is pinned (docs/runbook.md).
                [["--stack", "prod"], "", /stack prod: serving is disabled \(serving\.enabled: false\)/],
            ] as [string[], string, RegExp][]) {
                const run = io();
                const code = await runVerify(argv, { ...run.io, readStdin: () => stdin });
                assert.strictEqual(code, 2, argv.join(" "));
                assert.match(run.err.join("\n"), expected);
            }
            assert.strictEqual(sagemaker.calls().length, 0, "nothing is called on bad input");
        });

        it("parses arguments", () => {
            assert.deepStrictEqual(parseVerifyArgs(["--stack", "prod", "--region", "eu-west-1", "--json"]), {
                stack: "prod",
                region: "eu-west-1",
                json: true,
            });
        });

        it("formats an aligned table", () => {
            assert.strictEqual(
                formatTable([
                    { check: "a", expected: "1", live: "1", status: "ok" },
                    { check: "longer check", expected: "x", live: "yy", status: "DRIFT" },
                ]),
                [
                    "CHECK         EXPECTED  LIVE  STATUS",
                    "a             1         1     ok",
                    "longer check  x         yy    DRIFT",
                ].join("\n"),
            );
        });
    });
});

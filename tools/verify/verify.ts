/**
 * Endpoint verifier: `npm run verify -- --stack <name>` (expected endpoint from the stack config)
 * or `pulumi stack output --json | npm run verify -- --outputs -` (expected endpoint exactly as the
 * stack deployed it, including the endpoint configuration name and capture bucket).
 *
 * Reads the live SageMaker endpoint and checks: status InService, no failed or rolled-back last
 * deployment, the endpoint configuration in service is the stack's latest, the expected variants
 * (instance type, counts, weights, serverless capacity, deployed image), shadow variants, each variant's
 * Model (lineage tags and MODEL_* environment; for a variant serving a model package version, that the
 * Model names it and the version is Approved) and data capture (on/off, sampling, destination). Prints a table.
 *
 * Exit codes: 0 everything matches; 1 drift (each difference named); 2 the endpoint could not be
 * read (missing credentials, not found, access denied, throttled after retries) or bad input.
 */
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../components/core/configErrors";
import { readPlatformConfig } from "../../components/platform/platformConfig";
import { ExpectedEndpoint, expectedEndpoint } from "../../components/serving/servingSpec";
import { loadStack, StackFileError } from "../plan/stackFiles";
import { FlagSpec, parseFlags, UsageError } from "../shared/cli";
import { formatTable, verifyEndpoint } from "./checks";
import { RetryOptions } from "./retries";

const USAGE = [
    "usage: npm run verify -- [--stack <name> | --config-file <file> | --outputs <file|->] " +
        "[--region <region>] [--json]",
    "",
    "  --stack <name>        expected endpoint from Pulumi.<name>.yaml (default: dev)",
    "  --config-file <file>  expected endpoint from any stack config file",
    "  --outputs <file|->    expected endpoint from `pulumi stack output --json` (- reads stdin)",
    "  --region <region>     AWS region (default: aws:region of the stack, or the endpoint ARN's region)",
    "  --json                print {exitCode, rows, differences, error} as JSON",
    "",
    "exit codes: 0 live endpoint matches; 1 drift (each difference listed); 2 endpoint unreadable or bad input",
].join("\n");

/** Where the expected endpoint comes from. */
export interface VerifyCliOptions {
    stack?: string;
    configFile?: string;
    outputs?: string;
    region?: string;
    json: boolean;
}

const FLAGS: Record<string, FlagSpec<VerifyCliOptions>> = {
    "--stack": { key: "stack", value: true },
    "-s": { key: "stack", value: true },
    "--config-file": { key: "configFile", value: true },
    "--outputs": { key: "outputs", value: true },
    "--region": { key: "region", value: true },
    "--json": { key: "json", set: true },
};

/** Parses the command line. */
export function parseVerifyArgs(argv: readonly string[]): VerifyCliOptions {
    const options = parseFlags<VerifyCliOptions>(argv, FLAGS, USAGE, { json: false });
    if (options.outputs !== undefined && (options.stack !== undefined || options.configFile !== undefined)) {
        throw new UsageError(`--outputs replaces --stack/--config-file; give one source\n\n${USAGE}`);
    }
    return options;
}

/** The logical name MlopsPlatform gives the endpoint component; its configs are auto-named `<name>-<suffix>`. */
export function endpointConfigPrefix(stack: string): string {
    return `mlops-${stack}-serving-`;
}

/** Expected endpoint and region from a stack config file. */
export function expectedFromStack(
    projectDir: string,
    options: { stack?: string; configFile?: string },
): { expected: ExpectedEndpoint; region?: string } {
    const files = loadStack(projectDir, options);
    const config = readPlatformConfig(files.config);
    if (config.serving === undefined || config.serving.enabled === false) {
        throw new UsageError(
            `stack ${files.stack}: serving is ` +
                `${config.serving === undefined ? "not configured" : "disabled (serving.enabled: false)"}; ` +
                `there is no endpoint to verify`,
        );
    }
    return {
        expected: expectedEndpoint(config.environment, config.serving, endpointConfigPrefix(files.stack)),
        region: files.config["aws:region"],
    };
}

/** Expected endpoint and region from `pulumi stack output --json`. */
export function expectedFromOutputs(text: string): { expected: ExpectedEndpoint; region?: string } {
    let doc: Record<string, unknown>;
    try {
        doc = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
        throw new UsageError(
            `stack outputs are not JSON (${(err as Error).message}); pipe \`pulumi stack output --json\``,
        );
    }
    const expected = doc.servingExpected as ExpectedEndpoint | undefined;
    if (expected === undefined || typeof expected.endpointName !== "string" || !Array.isArray(expected.variants)) {
        throw new UsageError("stack outputs have no servingExpected: is serving enabled in this stack?");
    }
    const arn = typeof doc.servingEndpointArn === "string" ? doc.servingEndpointArn : "";
    const region = arn.split(":")[3] || undefined;
    return { expected, region };
}

/** Runs the CLI; returns the exit code. `makeClient` lets tests inject a mocked client. */
export async function runVerify(
    argv: readonly string[],
    io: {
        stdout: (s: string) => void;
        stderr: (s: string) => void;
        readStdin?: () => string;
        makeClient?: (region?: string) => SageMakerClient;
        retry?: RetryOptions;
        projectDir?: string;
    },
): Promise<number> {
    let options: VerifyCliOptions;
    let source: { expected: ExpectedEndpoint; region?: string };
    try {
        options = parseVerifyArgs(argv);
        if (options.outputs !== undefined) {
            const text =
                options.outputs === "-"
                    ? (io.readStdin ?? (() => fs.readFileSync(0, "utf8")))()
                    : fs.readFileSync(options.outputs, "utf8");
            source = expectedFromOutputs(text);
        } else {
            source = expectedFromStack(io.projectDir ?? path.join(__dirname, "..", "..", ".."), options);
        }
    } catch (err) {
        if (err instanceof UsageError && err.help) {
            io.stdout(err.message);
            return 0;
        }
        if (err instanceof UsageError || err instanceof ConfigError || err instanceof StackFileError) {
            io.stderr(err.message);
            return 2;
        }
        io.stderr(`cannot read the expected endpoint: ${(err as Error).message}`);
        return 2;
    }
    const region = options.region ?? source.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    // The SDK's own retries are off: withRetries owns backoff, so throttling is reported clearly.
    const client = io.makeClient ? io.makeClient(region) : new SageMakerClient({ region, maxAttempts: 1 });
    const result = await verifyEndpoint(client, source.expected, io.retry);
    if (options.json) {
        io.stdout(JSON.stringify(result, null, 2));
    } else {
        io.stdout(`endpoint ${source.expected.endpointName}${region ? ` (${region})` : ""}\n`);
        if (result.rows.length > 0) io.stdout(formatTable(result.rows));
        if (result.exitCode === 0) io.stdout("\nOK: the live endpoint matches the stack");
        if (result.exitCode === 1)
            io.stdout(
                `\nDRIFT: ${result.differences.length} ` +
                    `difference(s)\n${result.differences.map((d) => `  - ${d}`).join("\n")}`,
            );
        if (result.exitCode === 2) io.stderr(`cannot read the endpoint: ${result.error}`);
    }
    return result.exitCode;
}

if (require.main === module) {
    runVerify(process.argv.slice(2), { stdout: (s) => console.log(s), stderr: (s) => console.error(s) }).then(
        (code) => process.exit(code),
        (err) => {
            console.error(`verify failed: ${(err as Error).message}`);
            process.exit(2);
        },
    );
}

/**
 * Endpoint verifier: `npm run verify -- --stack <name>` (expected endpoint from the stack config)
 * or `pulumi stack output --json | npm run verify -- --outputs -` (expected endpoint exactly as the
 * stack deployed it, including the endpoint configuration name and capture bucket).
 *
 * Reads the live SageMaker endpoint and checks: status InService, no failed or rolled-back last
 * deployment, the endpoint configuration in service is the stack's latest, the expected variants
 * (instance type, counts, weights, serverless capacity, deployed image) and data capture (on/off, sampling,
 * destination). Prints a table.
 *
 * Exit codes: 0 everything matches; 1 drift (each difference named); 2 the endpoint could not be
 * read (missing credentials, not found, access denied, throttled after retries) or bad input.
 */
import {
    DescribeEndpointCommand,
    DescribeEndpointCommandOutput,
    DescribeEndpointConfigCommand,
    DescribeEndpointConfigCommandOutput,
    EndpointConfigSummary,
    ListEndpointConfigsCommand,
    SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../components/core/configErrors";
import { readPlatformConfig } from "../components/platform/platformConfig";
import { ExpectedEndpoint, expectedEndpoint } from "../components/serving/servingSpec";
import { FlagSpec, parseFlags, UsageError } from "./cli";
import { loadStack, StackFileError } from "./stackFiles";

/** One checked property. */
export interface CheckRow {
    /** What was checked (e.g. `variant primary: instance type`). */
    readonly check: string;
    /** Expected value. */
    readonly expected: string;
    /** Live value. */
    readonly live: string;
    /** ok, DRIFT, or skipped (not checkable from this source). */
    readonly status: "ok" | "DRIFT" | "skipped";
}

/** The verifier's verdict. */
export interface VerifyResult {
    /** 0 match, 1 drift, 2 unreadable. */
    readonly exitCode: 0 | 1 | 2;
    /** Every check made. */
    readonly rows: readonly CheckRow[];
    /** One line per difference (exit 1). */
    readonly differences: readonly string[];
    /** Why the endpoint could not be read (exit 2). */
    readonly error?: string;
}

/** Retry settings for throttled calls. */
export interface RetryOptions {
    /** Attempts per call, including the first. Default: 5. */
    readonly maxAttempts?: number;
    /** First backoff in ms; doubles per attempt (capped at 20 s). Default: 500. */
    readonly baseDelayMs?: number;
    /** Sleep function (tests inject an instant one). */
    readonly sleep?: (ms: number) => Promise<void>;
    /** Random source in [0, 1) for jitter (tests inject a fixed one). Default: Math.random. */
    readonly random?: () => number;
}

/** Raised when the endpoint cannot be read; becomes exit 2. */
export class UnreadableError extends Error {}

/** Throttling error codes (the AWS SDK's own list; SageMaker itself answers ThrottlingException). */
const THROTTLING = new Set([
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "ProvisionedThroughputExceededException",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "PriorRequestNotComplete",
    "SlowDown",
    "EC2ThrottledException",
    "TransactionInProgressException",
]);
/** Transient failures worth the same retries: AWS-side errors and dropped or timed-out connections. */
const TRANSIENT = new Set(["InternalFailure", "InternalServerError", "InternalError", "ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException", "TimeoutError"]);
const TRANSIENT_NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);
const CREDENTIALS = new Set(["CredentialsProviderError", "ExpiredTokenException", "ExpiredToken", "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch"]);

interface AwsErrorLike {
    name?: string;
    code?: string;
    message?: string;
    $fault?: "client" | "server";
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
}

function isThrottling(err: AwsErrorLike): boolean {
    return THROTTLING.has(err.name ?? "") || err.$retryable?.throttling === true || err.$metadata?.httpStatusCode === 429;
}

function isTransient(err: AwsErrorLike): boolean {
    const status = err.$metadata?.httpStatusCode;
    return (
        TRANSIENT.has(err.name ?? "") ||
        TRANSIENT_NETWORK.has(err.code ?? "") ||
        err.$retryable !== undefined ||
        err.$fault === "server" ||
        (status !== undefined && status >= 500 && status !== 501)
    );
}

/** Turns an SDK error into a clear reason the endpoint could not be read. */
export function describeFailure(err: unknown, endpointName: string): string {
    const e = (err ?? {}) as AwsErrorLike;
    const name = e.name ?? "Error";
    const message = e.message ?? String(err);
    if (CREDENTIALS.has(name) || /could not load credentials/i.test(message)) {
        return `no usable AWS credentials (${name}: ${message}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run aws sso login`;
    }
    if (name === "AccessDeniedException" || name === "AccessDenied") {
        return `access denied reading endpoint ${endpointName} (${message}); the caller needs sagemaker:DescribeEndpoint, DescribeEndpointConfig and ListEndpointConfigs`;
    }
    if (name === "ValidationException" && /could not find/i.test(message)) {
        return `endpoint ${endpointName} not found (${message}); is serving enabled and deployed in this account and region?`;
    }
    return `${name}: ${message}`;
}

/**
 * Calls `fn`, retrying throttled and transient (5XX, dropped connection) calls with capped
 * exponential backoff and jitter (half the delay fixed, half random, so parallel runs spread out);
 * other errors propagate at once.
 */
export async function withRetries<T>(what: string, fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
    const maxAttempts = options.maxAttempts ?? 5;
    const baseDelayMs = options.baseDelayMs ?? 500;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
        try {
            return await fn();
        } catch (err) {
            const e = err as AwsErrorLike;
            const throttled = isThrottling(e);
            if (!throttled && !isTransient(e)) throw err;
            if (attempt >= maxAttempts) {
                throw new UnreadableError(
                    throttled
                        ? `${what}: throttled by AWS, gave up after ${attempt} attempts (${e.name}); retry later`
                        : `${what}: AWS kept failing, gave up after ${attempt} attempts (${e.name ?? e.code}: ${e.message}); retry later`,
                );
            }
            const cap = Math.min(baseDelayMs * 2 ** (attempt - 1), 20_000);
            await sleep(Math.round(cap / 2 + (cap / 2) * random()));
        }
    }
}

const fmt = (v: unknown): string => (v === undefined || v === null ? "-" : typeof v === "string" ? v : JSON.stringify(v));

/** Compares the live endpoint named in `expected` with it. Never throws: failures become exit 2. */
export async function verifyEndpoint(client: SageMakerClient, expected: ExpectedEndpoint, options: RetryOptions = {}): Promise<VerifyResult> {
    const rows: CheckRow[] = [];
    const check = (name: string, want: unknown, live: unknown, ok: boolean) => rows.push({ check: name, expected: fmt(want), live: fmt(live), status: ok ? "ok" : "DRIFT" });
    const skip = (name: string, want: unknown, why: string) => rows.push({ check: name, expected: fmt(want), live: why, status: "skipped" });
    const endpointName = expected.endpointName;
    try {
        const endpoint: DescribeEndpointCommandOutput = await withRetries(
            "DescribeEndpoint",
            () => client.send(new DescribeEndpointCommand({ EndpointName: endpointName })),
            options,
        );
        check("endpoint status", "InService", endpoint.EndpointStatus, endpoint.EndpointStatus === "InService");
        check("last deployment", "succeeded", endpoint.FailureReason ? `failed or rolled back: ${endpoint.FailureReason}` : "succeeded", !endpoint.FailureReason);

        const liveConfigName = endpoint.EndpointConfigName ?? "";
        if (expected.endpointConfigName !== undefined) {
            check("endpoint config in service", expected.endpointConfigName, liveConfigName, liveConfigName === expected.endpointConfigName);
        } else if (expected.endpointConfigNamePrefix !== undefined) {
            const configs = await listEndpointConfigs(client, expected.endpointConfigNamePrefix, options);
            const newest = configs.reduce<EndpointConfigSummary | undefined>(
                (best, c) => (best === undefined || (c.CreationTime?.getTime() ?? 0) > (best.CreationTime?.getTime() ?? 0) ? c : best),
                undefined,
            );
            if (newest === undefined) {
                skip("endpoint config in service", `newest ${expected.endpointConfigNamePrefix}*`, `no configs named ${expected.endpointConfigNamePrefix}*`);
            } else {
                check("endpoint config in service", `newest ${expected.endpointConfigNamePrefix}* (${newest.EndpointConfigName})`, liveConfigName, newest.EndpointConfigName === liveConfigName);
            }
        }

        const config: DescribeEndpointConfigCommandOutput = await withRetries(
            "DescribeEndpointConfig",
            () => client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: liveConfigName })),
            options,
        );
        const configVariants = new Map((config.ProductionVariants ?? []).map((v) => [v.VariantName ?? "", v]));
        const liveVariants = new Map((endpoint.ProductionVariants ?? []).map((v) => [v.VariantName ?? "", v]));
        const expectedNames = expected.variants.map((v) => v.name).sort();
        const liveNames = [...configVariants.keys()].sort();
        check("variants", expectedNames.join(", "), liveNames.join(", "), expectedNames.join(",") === liveNames.join(","));

        for (const v of expected.variants) {
            const cfg = configVariants.get(v.name);
            const live = liveVariants.get(v.name);
            const label = `variant ${v.name}`;
            if (cfg === undefined) continue; // already reported by "variants"
            if (v.serverless !== undefined) {
                const s = cfg.ServerlessConfig;
                check(`${label}: serverless memory (MB)`, v.serverless.memoryMb, s?.MemorySizeInMB, s?.MemorySizeInMB === v.serverless.memoryMb);
                check(`${label}: serverless max concurrency`, v.serverless.maxConcurrency, s?.MaxConcurrency, s?.MaxConcurrency === v.serverless.maxConcurrency);
                const provisioned = v.serverless.provisionedConcurrency;
                check(`${label}: serverless provisioned concurrency`, provisioned ?? "none", s?.ProvisionedConcurrency ?? "none", s?.ProvisionedConcurrency === provisioned);
            } else {
                check(`${label}: instance type`, v.instanceType, cfg.InstanceType, cfg.InstanceType === v.instanceType);
                check(`${label}: initial instance count`, v.initialInstanceCount, cfg.InitialInstanceCount, cfg.InitialInstanceCount === v.initialInstanceCount);
                const current = live?.CurrentInstanceCount;
                if (v.autoscaling !== undefined) {
                    const { minInstances, maxInstances } = v.autoscaling;
                    check(`${label}: running instances`, `${minInstances}-${maxInstances} (autoscaling)`, current, current !== undefined && current >= minInstances && current <= maxInstances);
                } else {
                    check(`${label}: running instances`, v.initialInstanceCount, current, current === v.initialInstanceCount);
                }
            }
            check(`${label}: weight`, v.weight, live?.CurrentWeight, live?.CurrentWeight !== undefined && Math.abs(live.CurrentWeight - v.weight) < 1e-6);
            const image = live?.DeployedImages?.[0];
            if (expected.image !== undefined) {
                const want = expected.image.digest !== undefined ? `@${expected.image.digest}` : `:${expected.image.tag}`;
                if (image === undefined) {
                    skip(`${label}: image`, `…${want}`, "not reported");
                } else {
                    const ok = image.SpecifiedImage?.endsWith(want) === true || (expected.image.digest !== undefined && image.ResolvedImage?.endsWith(want) === true);
                    check(`${label}: image`, `…${want}`, image.SpecifiedImage, ok);
                }
            }
        }

        const capture = endpoint.DataCaptureConfig;
        const captureOn = capture?.EnableCapture === true;
        check("data capture", expected.dataCapture.enabled ? "enabled" : "disabled", captureOn ? "enabled" : "disabled", captureOn === expected.dataCapture.enabled);
        if (expected.dataCapture.enabled && captureOn) {
            // EnableCapture is the configuration; CaptureStatus says whether SageMaker is actually writing.
            check("data capture: status", "Started", capture?.CaptureStatus, capture?.CaptureStatus === "Started");
            check("data capture: sampling %", expected.dataCapture.samplingPercentage, capture?.CurrentSamplingPercentage, capture?.CurrentSamplingPercentage === expected.dataCapture.samplingPercentage);
            const destination = capture?.DestinationS3Uri ?? "";
            if (expected.dataCapture.destinationS3Uri !== undefined) {
                const want = expected.dataCapture.destinationS3Uri.replace(/\/+$/, "");
                check("data capture: destination", want, destination, destination.replace(/\/+$/, "") === want);
            } else {
                const prefix = expected.dataCapture.destinationPrefix;
                check("data capture: destination", `s3://<capture bucket>/${prefix}`, destination, new RegExp(`^s3://[a-z0-9][a-z0-9.-]+/${prefix}/?$`).test(destination));
            }
        }
    } catch (err) {
        const error = err instanceof UnreadableError ? err.message : describeFailure(err, endpointName);
        return { exitCode: 2, rows, differences: [], error };
    }
    const differences = rows.filter((r) => r.status === "DRIFT").map((r) => `${r.check}: expected ${r.expected}, live ${r.live}`);
    return { exitCode: differences.length > 0 ? 1 : 0, rows, differences };
}

/** Every endpoint configuration whose name contains `prefix`, across all pages. */
async function listEndpointConfigs(client: SageMakerClient, prefix: string, options: RetryOptions): Promise<EndpointConfigSummary[]> {
    const all: EndpointConfigSummary[] = [];
    let nextToken: string | undefined;
    do {
        const page = await withRetries(
            "ListEndpointConfigs",
            () => client.send(new ListEndpointConfigsCommand({ NameContains: prefix, SortBy: "CreationTime", SortOrder: "Descending", MaxResults: 100, NextToken: nextToken })),
            options,
        );
        all.push(...(page.EndpointConfigs ?? []).filter((c) => c.EndpointConfigName?.startsWith(prefix)));
        nextToken = page.NextToken;
    } while (nextToken);
    return all;
}

/** Renders the rows as an aligned text table. */
export function formatTable(rows: readonly CheckRow[]): string {
    const header: CheckRow = { check: "CHECK", expected: "EXPECTED", live: "LIVE", status: "ok" };
    const widths = (["check", "expected", "live"] as const).map((k) => Math.min(70, Math.max(...[header, ...rows].map((r) => r[k].length))));
    const cell = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
    const line = (r: CheckRow, status: string) => `${cell(r.check, widths[0])}  ${cell(r.expected, widths[1])}  ${cell(r.live, widths[2])}  ${status}`;
    return [line(header, "STATUS"), ...rows.map((r) => line(r, r.status))].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

const USAGE = `usage: npm run verify -- [--stack <name> | --config-file <file> | --outputs <file|->] [--region <region>] [--json]

  --stack <name>        expected endpoint from Pulumi.<name>.yaml (default: dev)
  --config-file <file>  expected endpoint from any stack config file
  --outputs <file|->    expected endpoint from \`pulumi stack output --json\` (- reads stdin)
  --region <region>     AWS region (default: aws:region of the stack, or the endpoint ARN's region)
  --json                print {exitCode, rows, differences, error} as JSON

exit codes: 0 live endpoint matches; 1 drift (each difference listed); 2 endpoint unreadable or bad input`;

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
export function expectedFromStack(projectDir: string, options: { stack?: string; configFile?: string }): { expected: ExpectedEndpoint; region?: string } {
    const files = loadStack(projectDir, options);
    const config = readPlatformConfig(files.config);
    if (config.serving === undefined || config.serving.enabled === false) {
        throw new UsageError(`stack ${files.stack}: serving is ${config.serving === undefined ? "not configured" : "disabled (serving.enabled: false)"}; there is no endpoint to verify`);
    }
    return { expected: expectedEndpoint(config.environment, config.serving, endpointConfigPrefix(files.stack)), region: files.config["aws:region"] };
}

/** Expected endpoint and region from `pulumi stack output --json`. */
export function expectedFromOutputs(text: string): { expected: ExpectedEndpoint; region?: string } {
    let doc: Record<string, unknown>;
    try {
        doc = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
        throw new UsageError(`stack outputs are not JSON (${(err as Error).message}); pipe \`pulumi stack output --json\``);
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
    io: { stdout: (s: string) => void; stderr: (s: string) => void; readStdin?: () => string; makeClient?: (region?: string) => SageMakerClient; retry?: RetryOptions; projectDir?: string },
): Promise<number> {
    let options: VerifyCliOptions;
    let source: { expected: ExpectedEndpoint; region?: string };
    try {
        options = parseVerifyArgs(argv);
        if (options.outputs !== undefined) {
            const text = options.outputs === "-" ? (io.readStdin ?? (() => fs.readFileSync(0, "utf8")))() : fs.readFileSync(options.outputs, "utf8");
            source = expectedFromOutputs(text);
        } else {
            source = expectedFromStack(io.projectDir ?? path.join(__dirname, "..", ".."), options);
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
        if (result.exitCode === 1) io.stdout(`\nDRIFT: ${result.differences.length} difference(s)\n${result.differences.map((d) => `  - ${d}`).join("\n")}`);
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

/**
 * Retries and failure reasons for the verifier's SageMaker calls: throttled and transient calls
 * are retried with capped exponential backoff and jitter; other SDK errors become a clear reason
 * the endpoint could not be read (exit 2).
 */

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
const TRANSIENT = new Set([
    "InternalFailure",
    "InternalServerError",
    "InternalError",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "RequestTimeout",
    "RequestTimeoutException",
    "TimeoutError",
]);
const TRANSIENT_NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);
const CREDENTIALS = new Set([
    "CredentialsProviderError",
    "ExpiredTokenException",
    "ExpiredToken",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
]);

interface AwsErrorLike {
    name?: string;
    code?: string;
    message?: string;
    $fault?: "client" | "server";
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
}

function isThrottling(err: AwsErrorLike): boolean {
    return (
        THROTTLING.has(err.name ?? "") || err.$retryable?.throttling === true || err.$metadata?.httpStatusCode === 429
    );
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
        return (
            `no usable AWS credentials (${name}: ${message}); set AWS_PROFILE or ` +
            `AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run aws sso login`
        );
    }
    if (name === "AccessDeniedException" || name === "AccessDenied") {
        return (
            `access denied reading endpoint ${endpointName} (${message}); the caller needs ` +
            `sagemaker:DescribeEndpoint, DescribeEndpointConfig and ListEndpointConfigs`
        );
    }
    if (name === "ValidationException" && /could not find/i.test(message)) {
        return (
            `endpoint ${endpointName} not found (${message}); is serving enabled and deployed in this account ` +
            `and region?`
        );
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
                        : `${what}: AWS kept failing, gave up after ${attempt} attempts ` +
                              `(${e.name ?? e.code}: ${e.message}); retry later`,
                );
            }
            const cap = Math.min(baseDelayMs * 2 ** (attempt - 1), 20_000);
            await sleep(Math.round(cap / 2 + (cap / 2) * random()));
        }
    }
}

/**
 * The endpoint checks: reads the live SageMaker endpoint and compares it with the expected one
 * (status, last deployment, endpoint configuration in service, variants, image, data capture),
 * one row per checked property.
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
import { ExpectedEndpoint } from "../../components/serving/servingSpec";
import { checkModel } from "./modelChecks";
import { describeFailure, RetryOptions, UnreadableError, withRetries } from "./retries";

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

const fmt = (v: unknown): string =>
    v === undefined || v === null ? "-" : typeof v === "string" ? v : JSON.stringify(v);

/** Compares the live endpoint named in `expected` with it. Never throws: failures become exit 2. */
export async function verifyEndpoint(
    client: SageMakerClient,
    expected: ExpectedEndpoint,
    options: RetryOptions = {},
): Promise<VerifyResult> {
    const rows: CheckRow[] = [];
    const check = (name: string, want: unknown, live: unknown, ok: boolean) =>
        rows.push({ check: name, expected: fmt(want), live: fmt(live), status: ok ? "ok" : "DRIFT" });
    const skip = (name: string, want: unknown, why: string) =>
        rows.push({ check: name, expected: fmt(want), live: why, status: "skipped" });
    const endpointName = expected.endpointName;
    try {
        const endpoint: DescribeEndpointCommandOutput = await withRetries(
            "DescribeEndpoint",
            () => client.send(new DescribeEndpointCommand({ EndpointName: endpointName })),
            options,
        );
        check("endpoint status", "InService", endpoint.EndpointStatus, endpoint.EndpointStatus === "InService");
        check(
            "last deployment",
            "succeeded",
            endpoint.FailureReason ? `failed or rolled back: ${endpoint.FailureReason}` : "succeeded",
            !endpoint.FailureReason,
        );

        const liveConfigName = endpoint.EndpointConfigName ?? "";
        if (expected.endpointConfigName !== undefined) {
            check(
                "endpoint config in service",
                expected.endpointConfigName,
                liveConfigName,
                liveConfigName === expected.endpointConfigName,
            );
        } else if (expected.endpointConfigNamePrefix !== undefined) {
            const configs = await listEndpointConfigs(client, expected.endpointConfigNamePrefix, options);
            const newest = configs.reduce<EndpointConfigSummary | undefined>(
                (best, c) =>
                    best === undefined || (c.CreationTime?.getTime() ?? 0) > (best.CreationTime?.getTime() ?? 0)
                        ? c
                        : best,
                undefined,
            );
            if (newest === undefined) {
                skip(
                    "endpoint config in service",
                    `newest ${expected.endpointConfigNamePrefix}*`,
                    `no configs named ${expected.endpointConfigNamePrefix}*`,
                );
            } else {
                check(
                    "endpoint config in service",
                    `newest ${expected.endpointConfigNamePrefix}* (${newest.EndpointConfigName})`,
                    liveConfigName,
                    newest.EndpointConfigName === liveConfigName,
                );
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
        check(
            "variants",
            expectedNames.join(", "),
            liveNames.join(", "),
            expectedNames.join(",") === liveNames.join(","),
        );

        for (const v of expected.variants) {
            const cfg = configVariants.get(v.name);
            const live = liveVariants.get(v.name);
            const label = `variant ${v.name}`;
            if (cfg === undefined) continue; // already reported by "variants"
            if (v.serverless !== undefined) {
                const s = cfg.ServerlessConfig;
                check(
                    `${label}: serverless memory (MB)`,
                    v.serverless.memoryMb,
                    s?.MemorySizeInMB,
                    s?.MemorySizeInMB === v.serverless.memoryMb,
                );
                check(
                    `${label}: serverless max concurrency`,
                    v.serverless.maxConcurrency,
                    s?.MaxConcurrency,
                    s?.MaxConcurrency === v.serverless.maxConcurrency,
                );
                const provisioned = v.serverless.provisionedConcurrency;
                check(
                    `${label}: serverless provisioned concurrency`,
                    provisioned ?? "none",
                    s?.ProvisionedConcurrency ?? "none",
                    s?.ProvisionedConcurrency === provisioned,
                );
            } else {
                check(`${label}: instance type`, v.instanceType, cfg.InstanceType, cfg.InstanceType === v.instanceType);
                check(
                    `${label}: initial instance count`,
                    v.initialInstanceCount,
                    cfg.InitialInstanceCount,
                    cfg.InitialInstanceCount === v.initialInstanceCount,
                );
                const current = live?.CurrentInstanceCount;
                if (v.autoscaling !== undefined) {
                    const { minInstances, maxInstances } = v.autoscaling;
                    check(
                        `${label}: running instances`,
                        `${minInstances}-${maxInstances} (autoscaling)`,
                        current,
                        current !== undefined && current >= minInstances && current <= maxInstances,
                    );
                } else {
                    check(
                        `${label}: running instances`,
                        v.initialInstanceCount,
                        current,
                        current === v.initialInstanceCount,
                    );
                }
            }
            check(
                `${label}: weight`,
                v.weight,
                live?.CurrentWeight,
                live?.CurrentWeight !== undefined && Math.abs(live.CurrentWeight - v.weight) < 1e-6,
            );
            const image = live?.DeployedImages?.[0];
            if (expected.image !== undefined) {
                const want =
                    expected.image.digest !== undefined ? `@${expected.image.digest}` : `:${expected.image.tag}`;
                if (image === undefined) {
                    skip(`${label}: image`, `…${want}`, "not reported");
                } else {
                    const ok =
                        image.SpecifiedImage?.endsWith(want) === true ||
                        (expected.image.digest !== undefined && image.ResolvedImage?.endsWith(want) === true);
                    check(`${label}: image`, `…${want}`, image.SpecifiedImage, ok);
                }
            }
        }

        if (expected.shadowVariants !== undefined) {
            const want = expected.shadowVariants.map((v) => v.name).sort();
            const live = (config.ShadowProductionVariants ?? []).map((v) => v.VariantName ?? "").sort();
            check("shadow variants", want.join(", ") || "none", live.join(", ") || "none", want.join() === live.join());
        }
        // Lineage and package versions: the Model each variant in service runs.
        if (expected.lineage !== undefined) {
            const models = new Map(
                [...(config.ProductionVariants ?? []), ...(config.ShadowProductionVariants ?? [])].map((v) => [
                    v.VariantName ?? "",
                    v.ModelName,
                ]),
            );
            for (const [variant, lineage] of Object.entries(expected.lineage)) {
                if (!models.has(variant)) continue; // already reported by "variants" / "shadow variants"
                await checkModel(client, variant, models.get(variant), lineage, { check, skip, options });
            }
        }

        const capture = endpoint.DataCaptureConfig;
        const captureOn = capture?.EnableCapture === true;
        check(
            "data capture",
            expected.dataCapture.enabled ? "enabled" : "disabled",
            captureOn ? "enabled" : "disabled",
            captureOn === expected.dataCapture.enabled,
        );
        if (expected.dataCapture.enabled && captureOn) {
            // EnableCapture is the configuration; CaptureStatus says whether SageMaker is actually writing.
            check("data capture: status", "Started", capture?.CaptureStatus, capture?.CaptureStatus === "Started");
            check(
                "data capture: sampling %",
                expected.dataCapture.samplingPercentage,
                capture?.CurrentSamplingPercentage,
                capture?.CurrentSamplingPercentage === expected.dataCapture.samplingPercentage,
            );
            const destination = capture?.DestinationS3Uri ?? "";
            if (expected.dataCapture.destinationS3Uri !== undefined) {
                const want = expected.dataCapture.destinationS3Uri.replace(/\/+$/, "");
                check("data capture: destination", want, destination, destination.replace(/\/+$/, "") === want);
            } else {
                const prefix = expected.dataCapture.destinationPrefix;
                check(
                    "data capture: destination",
                    `s3://<capture bucket>/${prefix}`,
                    destination,
                    new RegExp(`^s3://[a-z0-9][a-z0-9.-]+/${prefix}/?$`).test(destination),
                );
            }
        }
    } catch (err) {
        const error = err instanceof UnreadableError ? err.message : describeFailure(err, endpointName);
        return { exitCode: 2, rows, differences: [], error };
    }
    const differences = rows
        .filter((r) => r.status === "DRIFT")
        .map((r) => `${r.check}: expected ${r.expected}, live ${r.live}`);
    return { exitCode: differences.length > 0 ? 1 : 0, rows, differences };
}

/** Every endpoint configuration whose name contains `prefix`, across all pages. */
async function listEndpointConfigs(
    client: SageMakerClient,
    prefix: string,
    options: RetryOptions,
): Promise<EndpointConfigSummary[]> {
    const all: EndpointConfigSummary[] = [];
    let nextToken: string | undefined;
    do {
        const page = await withRetries(
            "ListEndpointConfigs",
            () =>
                client.send(
                    new ListEndpointConfigsCommand({
                        NameContains: prefix,
                        SortBy: "CreationTime",
                        SortOrder: "Descending",
                        MaxResults: 100,
                        NextToken: nextToken,
                    }),
                ),
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
    const widths = (["check", "expected", "live"] as const).map((k) =>
        Math.min(70, Math.max(...[header, ...rows].map((r) => r[k].length))),
    );
    const cell = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
    const line = (r: CheckRow, status: string) =>
        `${cell(r.check, widths[0])}  ${cell(r.expected, widths[1])}  ${cell(r.live, widths[2])}  ${status}`;
    return [line(header, "STATUS"), ...rows.map((r) => line(r, r.status))].join("\n");
}

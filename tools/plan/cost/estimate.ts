/**
 * Monthly list-price estimate of planned resources. Pure: resources + region + price table in, estimate out.
 *
 * Idle = what a resource costs running with no traffic (hours × hourly rate, key-months, alarm-months).
 * Usage-driven costs are listed separately under stated assumptions and never added to the idle total.
 * A priced dimension with no price for the region is reported in `missing`, never guessed.
 */
import type { PlannedResource } from "../recorder";

/** Hours in a month, as the AWS Pricing Calculator and Infracost count them. */
export const HOURS_PER_MONTH = 730;

/** One priced dimension in one region. */
export interface PriceEntry {
    /** Dimension key, e.g. `mwaa.environment.mw1.small`. */
    readonly key: string;
    readonly region: string;
    readonly unit: string;
    readonly usd: number;
    /** AWS Price List SKU / pricing page / derivation the number comes from. */
    readonly source: string;
    /** Date (YYYY-MM-DD) the source was read or last changed. */
    readonly readOn: string;
}

/** Usage assumptions (per month) for the usage-driven lines. */
export interface UsageAssumptions {
    /** GB processed by each NAT gateway. */
    readonly natGbPerGateway: number;
    /** Millions of DynamoDB on-demand write / read request units. */
    readonly dynamodbWriteMillions: number;
    readonly dynamodbReadMillions: number;
    /** Tens of thousands of symmetric KMS requests per key. */
    readonly kmsRequests10kPerKey: number;
    /** Hours a Redshift Serverless workgroup computes at its base capacity (billed per RPU-hour only then). */
    readonly redshiftActiveHours: number;
}

export const DEFAULT_USAGE: UsageAssumptions = {
    natGbPerGateway: 10,
    dynamodbWriteMillions: 1,
    dynamodbReadMillions: 1,
    kmsRequests10kPerKey: 10,
    redshiftActiveHours: 30,
};

export interface ResourceCost {
    readonly urn: string;
    readonly type: string;
    readonly monthlyIdleUsd: number;
    readonly basis: string;
}

export interface UsageCost {
    readonly urn: string;
    readonly type: string;
    /** USD under the assumptions, or null when the dimension has no price for the region. */
    readonly monthlyUsd: number | null;
    readonly basis: string;
}

export interface MissingPrice {
    readonly urn: string;
    readonly type: string;
    readonly key: string;
    readonly region: string;
}

export interface CostEstimate {
    readonly currency: "USD";
    readonly region: string;
    /** Oldest `readOn` among the prices used. */
    readonly priceDate: string;
    readonly monthlyIdleUsd: number;
    readonly resources: readonly ResourceCost[];
    readonly usage: readonly UsageCost[];
    /** Priced dimensions of planned resources with no price for the region (idle total excludes them). */
    readonly missing: readonly MissingPrice[];
    readonly assumptions: UsageAssumptions;
}

/** One idle or usage line of a resource: a dimension key and its quantity. */
interface Line {
    readonly key: string;
    readonly quantity: number;
    readonly what: string;
}

interface Lines {
    readonly idle: readonly Line[];
    readonly usage: readonly Line[];
    /** Idle basis when the resource costs nothing idle by design (serverless). */
    readonly freeIdle?: string;
}

type Inputs = Record<string, any>;
const hours = (n: number, what: string): Line[] =>
    n > 0 ? [{ key: what, quantity: n * HOURS_PER_MONTH, what: `${n} × ${HOURS_PER_MONTH} h` }] : [];

/**
 * What an MWAA environment's hourly fee includes: one worker, two schedulers and two web servers ("read off AWS's
 * own worked example on the pricing page", third-party Price List notes, find_string id 57924942853); mw1.micro
 * runs one web server and one combined worker and scheduler and "does not support auto-scaling" (MWAA User Guide,
 * "Configuring the Amazon MWAA environment class"), so it has nothing beyond its fee.
 */
export const MWAA_INCLUDED = { workers: 1, schedulers: 2, webservers: 2 } as const;

/** MWAA idle: class hours plus the minimum workers, schedulers and minimum web servers beyond those included. */
function mwaaLines(i: Inputs): Lines {
    const cls = String(i.environmentClass ?? "mw1.small");
    if (cls === "mw1.micro") return { idle: hours(1, `mwaa.environment.${cls}`), usage: [] };
    const beyond = (value: unknown, fallback: number, included: number) =>
        Math.max(0, Number(value ?? fallback) - included);
    return {
        idle: [
            ...hours(1, `mwaa.environment.${cls}`),
            ...hours(beyond(i.minWorkers, 1, MWAA_INCLUDED.workers), `mwaa.worker.${cls}`),
            ...hours(beyond(i.schedulers, 2, MWAA_INCLUDED.schedulers), `mwaa.scheduler.${cls}`),
            ...hours(beyond(i.minWebservers, 2, MWAA_INCLUDED.webservers), `mwaa.webserver.${cls}`),
        ],
        usage: [],
    };
}

function endpointConfigLines(i: Inputs): Lines {
    const variants = (i.productionVariants ?? []) as Inputs[];
    const idle = variants.flatMap((v) =>
        v.serverlessConfig ? [] : hours(Number(v.initialInstanceCount ?? 1), `sagemaker.hosting.${v.instanceType}`),
    );
    const serverless = variants.filter((v) => v.serverlessConfig);
    return {
        idle,
        usage: serverless.map((v) => ({
            key: `sagemaker.serverless.${v.serverlessConfig.memorySizeInMb}mb.gbSecond`,
            quantity: 0,
            what: `serverless ${v.serverlessConfig.memorySizeInMb} MB: billed per GB-second of inference`,
        })),
        ...(idle.length === 0 && serverless.length ? { freeIdle: "serverless inference: no charge idle" } : {}),
    };
}

/** NAT gateways live inside the awsx Vpc component (its children are not recorded under mocks). */
function vpcLines(i: Inputs, usage: UsageAssumptions): Lines {
    const strategy = String(i.natGateways?.strategy ?? "OnePerAz");
    const azs = Number(i.numberOfAvailabilityZones ?? 3);
    const nat = strategy === "None" ? 0 : strategy === "Single" ? 1 : azs;
    return {
        idle: hours(nat, "ec2.natGateway.hour").map((l) => ({ ...l, what: `${nat} NAT gateway(s) ${l.what}` })),
        usage: nat
            ? [
                  {
                      key: "ec2.natGateway.gb",
                      quantity: nat * usage.natGbPerGateway,
                      what: `${nat} × ${usage.natGbPerGateway} GB processed`,
                  },
              ]
            : [],
    };
}

function linesOf(r: PlannedResource, usage: UsageAssumptions): Lines | undefined {
    const i = r.inputs as Inputs;
    switch (r.type) {
        case "aws:mwaa/environment:Environment":
            return mwaaLines(i);
        case "aws:sagemaker/endpointConfiguration:EndpointConfiguration":
            return endpointConfigLines(i);
        case "awsx:ec2:Vpc":
            return vpcLines(i, usage);
        case "aws:redshift/cluster:Cluster":
            return { idle: hours(Number(i.numberOfNodes ?? 1), `redshift.node.${i.nodeType}`), usage: [] };
        case "aws:redshiftserverless/workgroup:Workgroup":
            return {
                idle: [],
                usage: [
                    {
                        key: "redshift.serverless.rpuHour",
                        quantity: Number(i.baseCapacity ?? 0) * usage.redshiftActiveHours,
                        what: `${usage.redshiftActiveHours} active h × ${i.baseCapacity} RPU base`,
                    },
                ],
                freeIdle: "Redshift Serverless: no charge idle",
            };
        case "aws:kms/key:Key":
            return {
                idle: [{ key: "kms.key.month", quantity: 1, what: "1 key-month" }],
                usage: [
                    {
                        key: "kms.requests.10k",
                        quantity: usage.kmsRequests10kPerKey,
                        what: `${usage.kmsRequests10kPerKey} × 10k requests`,
                    },
                ],
            };
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            return { idle: [{ key: "cloudwatch.alarm.month", quantity: 1, what: "1 alarm-month" }], usage: [] };
        case "aws:secretsmanager/secret:Secret":
            return { idle: [{ key: "secretsmanager.secret.month", quantity: 1, what: "1 secret-month" }], usage: [] };
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            return i.vpcEndpointType === "Interface"
                ? { idle: hours(((i.subnetIds ?? []) as unknown[]).length, "vpc.interfaceEndpoint.azHour"), usage: [] }
                : undefined;
        case "aws:dynamodb/table:Table":
            return {
                idle: [],
                usage: [
                    {
                        key: "dynamodb.wru.million",
                        quantity: usage.dynamodbWriteMillions,
                        what: `${usage.dynamodbWriteMillions} M WRU`,
                    },
                    {
                        key: "dynamodb.rru.million",
                        quantity: usage.dynamodbReadMillions,
                        what: `${usage.dynamodbReadMillions} M RRU`,
                    },
                ],
                freeIdle: "on-demand table: no charge idle",
            };
        default:
            return undefined;
    }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Estimates the monthly cost of `resources` in `region` from `prices`. */
export function estimateCost(
    resources: readonly PlannedResource[],
    region: string,
    prices: readonly PriceEntry[],
    usage: UsageAssumptions = DEFAULT_USAGE,
): CostEstimate {
    const byKey = new Map(prices.filter((p) => p.region === region).map((p) => [p.key, p]));
    const used: PriceEntry[] = [];
    const missing: MissingPrice[] = [];
    const costs: ResourceCost[] = [];
    const usageCosts: UsageCost[] = [];
    const price = (r: PlannedResource, line: Line): { usd: number; text: string } | undefined => {
        const p = byKey.get(line.key);
        if (p === undefined) {
            missing.push({ urn: r.urn, type: r.type, key: line.key, region });
            return undefined;
        }
        used.push(p);
        return {
            usd: line.quantity * p.usd,
            text: `${line.key} ${line.what} × $${p.usd}/${p.unit.replace(/^hour$/, "h")}`,
        };
    };
    for (const r of resources) {
        const lines = linesOf(r, usage);
        if (lines === undefined) continue;
        const priced = lines.idle.map((l) => price(r, l));
        if (lines.idle.length || lines.freeIdle) {
            const known = priced.filter((p) => p !== undefined);
            const basis = [
                ...known.map((p) => p.text),
                ...lines.idle.filter((_, n) => priced[n] === undefined).map((l) => `${l.key}: NO PRICE for ${region}`),
                ...(lines.freeIdle && lines.idle.length === 0 ? [lines.freeIdle] : []),
            ].join(" + ");
            costs.push({
                urn: r.urn,
                type: r.type,
                monthlyIdleUsd: round2(known.reduce((s, p) => s + p.usd, 0)),
                basis,
            });
        }
        for (const l of lines.usage) {
            const p = byKey.get(l.key);
            if (p) used.push(p);
            usageCosts.push({
                urn: r.urn,
                type: r.type,
                monthlyUsd: p && l.quantity > 0 ? round2(l.quantity * p.usd) : null,
                basis: p ? `${l.what} × $${p.usd}/${p.unit}` : `${l.what} (no price for ${region} in the table)`,
            });
        }
    }
    const dates = used.map((p) => p.readOn).sort();
    return {
        currency: "USD",
        region,
        priceDate: dates[0] ?? "",
        monthlyIdleUsd: round2(costs.reduce((s, c) => s + c.monthlyIdleUsd, 0)),
        resources: costs,
        usage: usageCosts,
        missing,
        assumptions: usage,
    };
}

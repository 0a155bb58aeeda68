/**
 * Refreshes tools/plan/cost/prices.json from the AWS Price List Query API (GetProducts), where AWS
 * credentials exist: `node bin/tools/plan/cost/refreshPrices.js [--regions r1,r2] [--dry-run]`.
 *
 * Each dimension with a query (priceQueries.ts) is asked for in every region; the on-demand rate of the one
 * matching meter replaces the entry, with its SKU as the source and today as `readOn`. A dimension without a
 * query, without a match or with several matching meters keeps its current entries and is reported: nothing
 * is guessed. Exit codes: 0 refreshed, 2 no credentials or the API refused.
 */
import { GetProductsCommand, PricingClient } from "@aws-sdk/client-pricing";
import * as fs from "fs";
import * as path from "path";
import type { PriceEntry } from "./estimate";
import { filtersOf, isMeterOf, PriceQuery, priceQueryOf } from "./priceQueries";

/** The regions the table covers (issue 13: at least these five). */
export const TABLE_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"] as const;

/** One GetProducts price list item, as far as the refresh reads it. */
interface PriceListItem {
    readonly product?: { readonly sku?: string; readonly attributes?: Record<string, string> };
    readonly terms?: {
        readonly OnDemand?: Record<
            string,
            {
                readonly priceDimensions?: Record<
                    string,
                    { readonly unit?: string; readonly beginRange?: string; readonly pricePerUnit?: { USD?: string } }
                >;
            }
        >;
    };
}

/** What one dimension in one region came to. */
export type Lookup =
    | { readonly kind: "priced"; readonly entry: PriceEntry }
    | { readonly kind: "not found" | "ambiguous"; readonly detail: string };

/** The first paid on-demand tier of an item: the lowest beginRange with a USD rate above 0. */
function onDemandRate(item: PriceListItem): { usd: number; unit: string } | undefined {
    const dims = Object.values(item.terms?.OnDemand ?? {}).flatMap((t) => Object.values(t.priceDimensions ?? {}));
    const paid = dims
        .map((d) => ({ usd: Number(d.pricePerUnit?.USD ?? 0), unit: d.unit ?? "", begin: Number(d.beginRange ?? 0) }))
        .filter((d) => d.usd > 0)
        .sort((a, b) => a.begin - b.begin);
    return paid[0];
}

/** Asks GetProducts for one dimension in one region, every page. */
export async function lookupPrice(
    client: PricingClient,
    key: string,
    query: PriceQuery,
    region: string,
    today: string,
): Promise<Lookup> {
    const items: PriceListItem[] = [];
    let token: string | undefined;
    do {
        const page = await client.send(
            new GetProductsCommand({
                ServiceCode: query.serviceCode,
                Filters: filtersOf(query, region),
                FormatVersion: "aws_v1",
                NextToken: token,
            }),
        );
        for (const raw of page.PriceList ?? []) items.push(JSON.parse(String(raw)) as PriceListItem);
        token = page.NextToken;
    } while (token);
    const meters = items.filter((i) => isMeterOf(i.product?.attributes?.usagetype ?? "", query.usageTypeBase));
    const priced = meters.map((i) => ({ item: i, rate: onDemandRate(i) })).filter((m) => m.rate !== undefined);
    const what = `${query.serviceCode} ${query.usageTypeBase} in ${region}`;
    if (priced.length === 0) return { kind: "not found", detail: `${key}: no on-demand meter ${what}` };
    if (priced.length > 1) {
        const skus = priced.map((m) => m.item.product?.sku).join(", ");
        return { kind: "ambiguous", detail: `${key}: ${priced.length} meters ${what} (${skus})` };
    }
    const { item, rate } = priced[0];
    const usageType = item.product?.attributes?.usagetype;
    return {
        kind: "priced",
        entry: {
            key,
            region,
            unit: query.unit,
            usd: Number((rate!.usd * (query.scale ?? 1)).toPrecision(10)),
            source:
                `AWS Price List API GetProducts ${query.serviceCode}, SKU ${item.product?.sku}, ` +
                `usagetype ${usageType}, OnDemand ${rate!.unit}`,
            readOn: today,
        },
    };
}

/** The refreshed table and what could not be refreshed. */
export interface RefreshResult {
    readonly prices: readonly PriceEntry[];
    readonly refreshed: number;
    /** Dimensions without a Price List query: their entries are kept as they are. */
    readonly unqueried: readonly string[];
    readonly problems: readonly string[];
}

/** Refreshes every dimension of `current` in `regions`; entries that are not refreshed stay. */
export async function refreshPrices(
    client: PricingClient,
    current: readonly PriceEntry[],
    regions: readonly string[],
    today: string,
): Promise<RefreshResult> {
    const table = new Map(current.map((p) => [`${p.key}@${p.region}`, p]));
    const unqueried: string[] = [];
    const problems: string[] = [];
    let refreshed = 0;
    for (const key of [...new Set(current.map((p) => p.key))].sort()) {
        const query = priceQueryOf(key);
        if (query === undefined) {
            unqueried.push(key);
            continue;
        }
        for (const region of regions) {
            const found = await lookupPrice(client, key, query, region, today);
            if (found.kind === "priced") {
                table.set(`${key}@${region}`, found.entry);
                refreshed++;
            } else problems.push(`${found.kind}: ${found.detail}`);
        }
    }
    const prices = [...table.values()].sort((a, b) => a.key.localeCompare(b.key) || a.region.localeCompare(b.region));
    return { prices, refreshed, unqueried, problems };
}

const pricesFile = path.resolve(__dirname, "..", "..", "..", "..", "tools", "plan", "cost", "prices.json");

/** Command line entry point. */
export async function main(argv: readonly string[], client = new PricingClient({ region: "us-east-1" })) {
    const at = argv.indexOf("--regions");
    const regions = at >= 0 ? (argv[at + 1] ?? "").split(",").filter(Boolean) : [...TABLE_REGIONS];
    const current = JSON.parse(fs.readFileSync(pricesFile, "utf8")) as PriceEntry[];
    const today = new Date().toISOString().slice(0, 10);
    let result: RefreshResult;
    try {
        result = await refreshPrices(client, current, regions, today);
    } catch (err) {
        const e = err as { name?: string; message?: string };
        console.error(`refresh-prices: the Price List API refused (${e.name}: ${e.message}); prices.json unchanged`);
        return 2;
    }
    if (!argv.includes("--dry-run")) fs.writeFileSync(pricesFile, `${JSON.stringify(result.prices, null, 4)}\n`);
    console.log(`refreshed ${result.refreshed} entries in ${regions.join(", ")}`);
    for (const key of result.unqueried) console.log(`kept (no Price List query): ${key}`);
    for (const problem of result.problems) console.log(`kept (${problem})`);
    return 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));

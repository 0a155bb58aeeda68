/**
 * docs/cost.md's price coverage: every dimension of tools/plan/cost/prices.json against the five regions the
 * table covers, so the page cannot claim a price the table lacks (or miss one it has).
 */
import type { PriceEntry } from "../plan/cost/estimate";
import { cell, table } from "./markdown";

/** The regions issue 13 asks the table to cover, in the page's column order. */
export const PRICED_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"] as const;

/** One row per dimension: its unit and the USD price in each region, `—` where no source gave one. */
export function renderPriceTable(prices: readonly PriceEntry[]): string {
    const keys = [...new Set(prices.map((p) => p.key))].sort();
    const rows = keys.map((key) => {
        const entries = prices.filter((p) => p.key === key);
        const priceIn = (region: string) => entries.find((p) => p.region === region);
        return [
            `\`${key}\``,
            cell(entries[0].unit),
            ...PRICED_REGIONS.map((region) => {
                const p = priceIn(region);
                return p === undefined ? "—" : `$${p.usd} (${p.readOn})`;
            }),
        ];
    });
    return `${table(["dimension", "unit", ...PRICED_REGIONS], rows).join("\n")}\n`;
}

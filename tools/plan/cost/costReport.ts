/** Loads the price table and renders a cost estimate grouped by component. */
import * as fs from "fs";
import * as path from "path";
import type { PlannedResource } from "../recorder";
import { CostEstimate, estimateCost, PriceEntry } from "./estimate";

/** The repository's price table (tools/plan/cost/prices.json; sources and dates per entry). */
export function loadPrices(): PriceEntry[] {
    const file = path.resolve(__dirname, "..", "..", "..", "..", "tools", "plan", "cost", "prices.json");
    return JSON.parse(fs.readFileSync(file, "utf8")) as PriceEntry[];
}

/** The estimate of a plan: the stack region comes from `aws:region` (Pulumi's default us-east-1 otherwise). */
export function planCost(resources: readonly PlannedResource[], stackConfig: Record<string, unknown>): CostEstimate {
    const region = String(stackConfig["aws:region"] ?? "us-east-1");
    return estimateCost(resources, region, loadPrices());
}

/** The component a resource belongs to: the last `mlops-platform:index:X` in its URN type chain. */
function componentOf(urn: string): string {
    const chain = (urn.split("::")[2] ?? "").split("$");
    return (
        chain
            .filter((t) => t.startsWith("mlops-platform:index:"))
            .pop()
            ?.split(":")
            .pop() ?? "(root)"
    );
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/** Human-readable table: idle cost per component and resource, the total, then usage lines and gaps. */
export function renderCost(cost: CostEstimate): string {
    const lines = [`Monthly idle cost (${cost.currency}, ${cost.region}, prices read ${cost.priceDate} or later):`];
    const groups = new Map<string, CostEstimate["resources"][number][]>();
    for (const r of cost.resources) groups.set(componentOf(r.urn), [...(groups.get(componentOf(r.urn)) ?? []), r]);
    for (const [component, items] of groups) {
        lines.push(`  ${component}  ${usd(items.reduce((s, r) => s + r.monthlyIdleUsd, 0))}`);
        for (const r of items)
            lines.push(`    ${usd(r.monthlyIdleUsd).padStart(10)}  ${r.urn.split("::").pop()}  ${r.basis}`);
    }
    lines.push(`  total idle  ${usd(cost.monthlyIdleUsd)}`, "", "Usage-driven (not in the idle total):");
    for (const u of cost.usage)
        lines.push(
            `    ${(u.monthlyUsd === null ? "n/a" : usd(u.monthlyUsd)).padStart(10)}  ` +
                `${u.urn.split("::").pop()}  ${u.basis}`,
        );
    if (cost.missing.length) {
        lines.push("", `NO PRICE for ${cost.region} (excluded from the total):`);
        for (const m of cost.missing) lines.push(`    ${m.key}  ${m.urn.split("::").pop()}`);
    }
    return lines.join("\n");
}

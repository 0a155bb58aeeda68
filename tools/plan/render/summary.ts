/**
 * The default text plan: one block per component (resource counts by type, protections, the
 * settings of {@link SUMMARY_SETTINGS}), the outputs and the pack's verdict, every line wrapped
 * to the width. `--verbose` (verbose.ts) prints every input; `--json` the whole document.
 */
import type { PlanDocument } from "../planDocument";
import type { PlannedResource } from "../recorder";
import { shortType } from "./resourceNames";
import { SUMMARY_SETTINGS } from "./summarySettings";
import { renderViolations } from "./violations";
import { wrap } from "./wrap";

/** How the summary is rendered. */
export interface SummaryOptions {
    /** False with `--no-policies`. */
    readonly policiesRun: boolean;
    /** Columns every line fits in. */
    readonly width: number;
}

/** A component of the stack's root (its title) and every resource beneath it. */
interface ComponentGroup {
    readonly title: string;
    readonly members: PlannedResource[];
}

/** The distinct values, `xN` after each when they differ: `aws:kms x6 / AES256 x1`; one value alone. */
function tally(values: readonly string[]): string {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    if (counts.size === 1) return [...counts.keys()][0];
    return [...counts].map(([v, n]) => `${v} x${n}`).join(" / ");
}

const show = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * Groups resources by the component directly beneath their root (the `MlopsPlatform` of this
 * stack). Resources registered on a root component itself stay with it; resources without a
 * component parent form the stack's own group.
 */
function groupByComponent(resources: readonly PlannedResource[]): ComponentGroup[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const groups = new Map<string, ComponentGroup>();
    // Components first, in registration order, so that the blocks follow the program.
    for (const r of resources) {
        const parent = byUrn.get(r.parent ?? "");
        if (!r.custom && parent !== undefined && !byUrn.has(parent.parent ?? ""))
            groups.set(r.urn, { title: `${shortType(r.type)} ${r.name}`, members: [] });
    }
    for (const r of resources) {
        const chain = [r];
        for (let p = byUrn.get(r.parent ?? ""); p !== undefined; p = byUrn.get(p.parent ?? "")) chain.unshift(p);
        const owner = chain.length > 1 && !chain[1].custom ? chain[1] : chain[0].custom ? undefined : chain[0];
        if (owner === r) continue;
        const key = owner?.urn ?? "";
        const group = groups.get(key) ?? {
            title: owner ? `${shortType(owner.type)} ${owner.name}` : "(outside any component)",
            members: [],
        };
        group.members.push(r);
        groups.set(key, group);
    }
    return [...groups.values()];
}

/** `s3.Bucket 7, s3.BucketPolicy 7` by first appearance. */
function countsByType(resources: readonly PlannedResource[]): string {
    const counts = new Map<string, number>();
    for (const r of resources) counts.set(shortType(r.type), (counts.get(shortType(r.type)) ?? 0) + 1);
    return [...counts].map(([type, n]) => `${type} ${n}`).join(", ");
}

function protections(resources: readonly PlannedResource[]): string | undefined {
    const byType = new Map<string, { total: number; protect: number; retain: number }>();
    for (const r of resources.filter((m) => m.custom)) {
        const entry = byType.get(r.type) ?? { total: 0, protect: 0, retain: 0 };
        entry.total++;
        if (r.protect) entry.protect++;
        if (r.retainOnDelete) entry.retain++;
        byType.set(r.type, entry);
    }
    const parts = [...byType]
        .filter(([, e]) => e.protect + e.retain > 0)
        .map(([type, e]) => {
            const of = (n: number) => (n === e.total ? "" : ` ${n} of ${e.total}`);
            const options =
                e.protect === e.retain
                    ? `protect + retainOnDelete${of(e.protect)}`
                    : `protect${of(e.protect)}, retainOnDelete${of(e.retain)}`;
            return `${shortType(type)} ${e.total} (${options})`;
        });
    return parts.length ? parts.join("; ") : undefined;
}

/** One line per service, in order of appearance: `s3 (versioning: Enabled, bucket key: true)`. */
function settings(resources: readonly PlannedResource[]): string[] {
    const byService = new Map<string, string[]>();
    for (const type of new Set(resources.map((r) => r.type))) {
        const ofType = resources.filter((r) => r.type === type);
        const service = shortType(type).split(".")[0];
        for (const setting of SUMMARY_SETTINGS[type] ?? []) {
            // One value per resource; a resource with several (variants, log types) joins them with `+`.
            const values = ofType
                .map((r) => [
                    ...new Set(
                        [setting.read(r.inputs)]
                            .flat()
                            .filter((v) => v !== undefined)
                            .map(show),
                    ),
                ])
                .filter((v) => v.length > 0)
                .map((v) => v.join("+"));
            if (values.length)
                byService.set(service, [...(byService.get(service) ?? []), `${setting.label}: ${tally(values)}`]);
        }
    }
    return [...byService].map(([service, parts]) => `${service} (${parts.join(", ")})`);
}

function componentBlock(group: ComponentGroup, width: number): string[] {
    const custom = group.members.filter((m) => m.custom);
    const nested = group.members.filter((m) => !m.custom);
    const inner = nested.length ? `; components: ${countsByType(nested)}` : "";
    const lines = wrap(`${group.title} (${custom.length} AWS resources${inner})`, width, "", "    ");
    const field = (label: string, text: string, hang = "") =>
        lines.push(...wrap(text, width, `  ${label.padEnd(11)}`, `  ${" ".repeat(11)}${hang}`));
    field("resources", countsByType(custom));
    field("protected", protections(group.members) ?? "none");
    // A service's settings continue indented under it, so that the next service stands out.
    settings(group.members).forEach((line, i) => field(i === 0 ? "settings" : "", line, "  "));
    return lines;
}

/** One line per output; objects of plain values in full, nested objects by their keys. */
function outputLine(key: string, value: unknown): string {
    if (typeof value === "string" && value.includes("\n"))
        return `${key}: (${value.trimEnd().split("\n").length} lines; --verbose prints it)`;
    if (value === undefined) return `${key}: undefined`;
    if (Array.isArray(value) && value.every((v) => typeof v !== "object"))
        return `${key}: ${value.map(show).join(", ")}`;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const entries = Object.entries(value);
        if (entries.every(([, v]) => v === null || typeof v !== "object"))
            return `${key}: ${entries.map(([k, v]) => `${k}=${show(v)}`).join(", ")}`;
        return `${key}: {${Object.keys(value).join(", ")}} (--verbose prints the values)`;
    }
    return `${key}: ${show(value)}`;
}

/** The summary of a plan (the default text output). */
export function renderSummary(doc: PlanDocument, options: SummaryOptions): string {
    const { width } = options;
    const custom = doc.resources.filter((r) => r.custom).length;
    const lines = [
        ...wrap(
            `Plan for stack ${doc.stack}: ${doc.resources.length} resources ` +
                `(${custom} AWS resources, ${doc.resources.length - custom} components)`,
            width,
            "",
        ),
        ...wrap("Summary per component; --verbose prints every input, --json the whole document.", width, ""),
    ];
    for (const group of groupByComponent(doc.resources)) lines.push("", ...componentBlock(group, width));
    lines.push("", "Outputs:");
    for (const [key, value] of Object.entries(doc.outputs))
        lines.push(...wrap(outputLine(key, value), width, "  ", "      "));
    lines.push("", ...renderViolations(doc, options.policiesRun, width));
    return lines.join("\n");
}

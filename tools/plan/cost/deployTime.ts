/**
 * First-deploy time estimate: the longest path through the plan's dependency graph (recorded
 * dependencies and parents), weighting each resource by its type's typical create time. Types
 * without a sourced typical time count 0 minutes and are listed in `unsourcedTypes`.
 */
import * as fs from "fs";
import * as path from "path";
import type { PlannedResource } from "../recorder";

/** Typical create time of one resource type, with its source. */
export interface CreateTimeEntry {
    readonly type: string;
    /** Typical minutes, or null when only an upper bound (a provider timeout) is known. */
    readonly minutes: number | null;
    readonly range: string;
    readonly source: string;
    readonly readOn: string;
}

export interface DeployEstimate {
    readonly criticalPathMinutes: number;
    readonly slowestResource: { readonly urn: string; readonly minutes: number };
    /** The critical path, first resource created first. */
    readonly path: readonly string[];
    /** Planned types whose create time is counted 0 for want of a sourced typical value. */
    readonly unsourcedTypes: readonly string[];
}

/** The repository's create-time table (tools/plan/cost/createTimes.json). */
export function loadCreateTimes(): CreateTimeEntry[] {
    const file = path.resolve(__dirname, "..", "..", "..", "..", "tools", "plan", "cost", "createTimes.json");
    return JSON.parse(fs.readFileSync(file, "utf8")) as CreateTimeEntry[];
}

/** Longest path (in minutes) through the resources' dependency graph. */
export function estimateDeploy(
    resources: readonly PlannedResource[],
    times: readonly CreateTimeEntry[],
): DeployEstimate {
    const minutesOf = new Map(times.map((t) => [t.type, t.minutes]));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const finish = new Map<string, { minutes: number; previous?: string }>();
    const visit = (urn: string): number => {
        const known = finish.get(urn);
        if (known) return known.minutes;
        finish.set(urn, { minutes: 0 }); // cycle guard; a plan's graph is acyclic
        const r = byUrn.get(urn)!;
        let best: { minutes: number; previous?: string } = { minutes: 0 };
        for (const dep of new Set([...r.dependencies, ...(r.parent ? [r.parent] : [])])) {
            if (!byUrn.has(dep)) continue;
            const m = visit(dep);
            if (m > best.minutes || best.previous === undefined) best = { minutes: m, previous: dep };
        }
        const own = minutesOf.get(r.type) ?? 0;
        finish.set(urn, { minutes: best.minutes + own, previous: best.previous });
        return best.minutes + own;
    };
    let end: string | undefined;
    for (const r of resources) if (end === undefined || visit(r.urn) > visit(end)) end = r.urn;
    const chain: string[] = [];
    for (let at = end; at !== undefined; at = finish.get(at)?.previous) chain.unshift(at);
    const weighted = chain.filter((u) => (minutesOf.get(byUrn.get(u)!.type) ?? 0) > 0);
    let slowest = { urn: "", minutes: 0 };
    for (const r of resources) {
        const m = minutesOf.get(r.type) ?? 0;
        if (m > slowest.minutes) slowest = { urn: r.urn, minutes: m };
    }
    const unsourced = [...new Set(resources.filter((r) => r.custom && !minutesOf.get(r.type)).map((r) => r.type))];
    return {
        criticalPathMinutes: end ? finish.get(end)!.minutes : 0,
        slowestResource: slowest,
        path: weighted.length ? weighted : chain,
        unsourcedTypes: unsourced.sort(),
    };
}

/** The printed line. */
export function renderDeploy(d: DeployEstimate): string {
    return (
        `First deploy: critical path ${d.criticalPathMinutes} min (slowest resource ` +
        `${d.slowestResource.urn.split("::").pop()} ` +
        `${d.slowestResource.minutes} min); ${d.unsourcedTypes.length} types without a sourced create time counted 0`
    );
}

/**
 * `--verbose`: every resource under its component with every input pretty-printed (multi-line
 * strings and JSON documents such as IAM policies as indented blocks), then outputs and violations.
 */
import type { PlanDocument } from "../planDocument";
import type { PlannedResource } from "../recorder";
import { shortUrn } from "./resourceNames";
import { renderViolations } from "./violations";

/** A string holding a JSON object or array (an IAM policy, an event pattern), parsed; else undefined. */
function jsonDocument(value: string): unknown {
    if (!/^\s*[[{]/.test(value)) return undefined;
    try {
        return JSON.parse(value) as unknown;
    } catch {
        return undefined;
    }
}

/** `key: value`, with objects, JSON strings and multi-line strings as blocks indented under the key. */
function renderEntry(key: string, value: unknown, indent: string): string[] {
    const block = (text: string, marker: string) => [
        `${indent}${key}: ${marker}`,
        ...text
            .trimEnd()
            .split("\n")
            .map((line) => `${indent}    ${line}`.trimEnd()),
    ];
    if (typeof value === "string") {
        const parsed = jsonDocument(value);
        if (parsed !== undefined) return block(JSON.stringify(parsed, null, 2), "| (JSON)");
        return value.includes("\n") ? block(value, "|") : [`${indent}${key}: ${JSON.stringify(value)}`];
    }
    if (value !== null && typeof value === "object" && Object.keys(value).length > 0)
        return [
            `${indent}${key}:`,
            ...JSON.stringify(value, null, 2)
                .split("\n")
                .map((l) => `${indent}    ${l}`),
        ];
    return [`${indent}${key}: ${JSON.stringify(value)}`];
}

/** The full text plan: resources grouped under their component, then outputs and violations. */
export function renderVerbose(doc: PlanDocument, policiesRun: boolean): string {
    const lines: string[] = [];
    const custom = doc.resources.filter((r) => r.custom).length;
    lines.push(
        `Plan for stack ${doc.stack}: ${doc.resources.length} resources ` +
            `(${custom} AWS resources, ${doc.resources.length - custom} components)`,
        "",
    );
    const children = new Map<string | undefined, PlannedResource[]>();
    for (const r of doc.resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const known = new Set(doc.resources.map((r) => r.urn));
    const visit = (r: PlannedResource, depth: number) => {
        const indent = "  ".repeat(depth);
        const flags = [r.protect ? "protect" : "", r.retainOnDelete ? "retainOnDelete" : ""].filter(Boolean);
        lines.push(
            `${indent}${r.custom ? "+ " : ""}${r.type}  ${r.name}${flags.length ? `  [${flags.join(", ")}]` : ""}`,
        );
        if (r.custom) {
            for (const [key, value] of Object.entries(r.inputs))
                lines.push(...renderEntry(key, value, `${indent}      `));
            if (r.dependencies.length)
                lines.push(`${indent}      (depends on: ${r.dependencies.map(shortUrn).join(", ")})`);
        }
        for (const c of children.get(r.urn) ?? []) visit(c, depth + 1);
    };
    doc.resources.filter((r) => r.parent === undefined || !known.has(r.parent)).forEach((r) => visit(r, 0));
    lines.push("", "Outputs:");
    for (const [key, value] of Object.entries(doc.outputs)) lines.push(...renderEntry(key, value, "  "));
    lines.push("", ...renderViolations(doc, policiesRun));
    return lines.join("\n");
}

/** The closing section of both text plans: the pack's verdict (CI tails these lines). */
import type { PlanDocument } from "../planDocument";
import { shortUrn } from "./resourceNames";
import { wrap } from "./wrap";

/** `Policy violations: none`, the skipped note, or each violation with its policy, resource and message. */
export function renderViolations(doc: PlanDocument, policiesRun: boolean, width = Infinity): string[] {
    if (!policiesRun) return ["Policy pack: skipped (--no-policies)"];
    if (doc.violations.length === 0) return ["Policy violations: none"];
    const lines = [`Policy violations: ${doc.violations.length}`];
    for (const v of doc.violations) {
        lines.push(...wrap(`[${v.enforcementLevel}] ${v.policy}  ${shortUrn(v.urn)}`, width, "  ", "      "));
        for (const paragraph of v.message.split("\n")) lines.push(...wrap(paragraph, width, "      "));
    }
    return lines;
}

/**
 * Markdown building blocks shared by the generated pages: table cells, tables, generated blocks, tables of contents.
 */

/** Text made safe for one table cell (no line breaks, escaped pipes). */
export function cell(text: string | undefined): string {
    return (text ?? "").replace(/\n+/g, " ").replace(/\|/g, "\\|").trim();
}

/** A Markdown table; `rows` are already cell-safe. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
    return [
        `| ${header.join(" | ")} |`,
        `|${header.map(() => "---").join("|")}|`,
        ...rows.map((r) => `| ${r.join(" | ")} |`),
    ];
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchor(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-");
}

/** Replaces the text between `<!-- generated:NAME:start -->` and `<!-- generated:NAME:end -->`. */
export function replaceBlock(document: string, name: string, content: string, file = "the page"): string {
    const start = `<!-- generated:${name}:start -->`;
    const end = `<!-- generated:${name}:end -->`;
    const from = document.indexOf(start);
    const to = document.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${file} has no ${start} ... ${end} block`);
    return `${document.slice(0, from + start.length)}\n${content}${document.slice(to)}`;
}

/** The `##` and `###` headings of a page (outside code fences), as a nested list of links. */
export function tableOfContents(document: string): string {
    const lines: string[] = [];
    let fenced = false;
    for (const line of document.split("\n")) {
        if (line.startsWith("```")) fenced = !fenced;
        const match = fenced ? null : /^(##|###) (.+)$/.exec(line);
        if (match === null || match[2] === "Contents") continue;
        const indent = match[1] === "###" ? "    " : "";
        lines.push(`${indent}- [${match[2]}](#${anchor(match[2])})`);
    }
    return `${lines.join("\n")}\n`;
}

/** Brings a page's table of contents (block `toc`) in line with its headings. */
export function withTableOfContents(document: string, file: string): string {
    return replaceBlock(document, "toc", tableOfContents(document), file);
}

/**
 * The generated parts of the documentation, so the docs cannot drift from the code:
 * - docs/components.md: the component reference, from the Pulumi package schema that Pulumi infers
 *   from the TypeScript args interfaces and class fields (the same schema other languages' SDKs use);
 * - docs/configuration.md: every config key and the defaults per environment (configReference.ts);
 * - docs/policies.md: the policy table, from the pack's metadata (policyTable.ts);
 * - docs/iam-permissions.md: why each permission exists, from the call manifests (iamPermissions.ts);
 * - docs/cost.md: the price coverage per dimension and region, from tools/plan/cost/prices.json (priceTable.ts);
 * - README.md: the architecture diagram, from the dev plan (`plan --diagram`), and the permissions summary;
 * - every page's table of contents, from its headings.
 *
 * Each page is hand-written around `<!-- generated:NAME:start/end -->` blocks that this rewrites.
 * `npm run docs` rewrites the pages; `npm run docs -- --check` exits 1 when one is stale.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { renderDiagram } from "../plan/diagram";
import type { PlannedResource } from "../plan/recorder";
import { PACKAGE, PackageSchema, packageSchema, SchemaProperty } from "../package/packageSchema";
import { renderConstants, renderKeys, renderProfile } from "./configReference";
import { renderIamPermissions, renderPermissionSummary } from "./iamPermissions";
import { cell, replaceBlock, withTableOfContents } from "./markdown";
import { policyTable, replaceTable } from "./policyTable";
import { renderPriceTable } from "./priceTable";
import { loadPrices } from "../plan/cost/costReport";
import { settingsDocs } from "./settingsDocs";

const projectDir = path.resolve(__dirname, "..", "..", "..");

function typeName(ref: string): string {
    return ref
        .replace(`#/types/${PACKAGE}:index:`, "")
        .replace(/^\/aws\/v[^/]+\/schema\.json#\/resources\//, "")
        .replace(/%2F/g, "/");
}

function renderType(prop: SchemaProperty): string {
    if (prop.$ref) return typeName(prop.$ref);
    if (prop.type === "array" && prop.items) return `${renderType(prop.items)}[]`;
    if (prop.type === "object" && prop.additionalProperties) return `map of ${renderType(prop.additionalProperties)}`;
    return prop.type ?? "any";
}

function table(rows: [string, SchemaProperty, boolean][], required: string): string[] {
    if (rows.length === 0) return ["(none)"];
    return [
        `| name | type | ${required} | description |`,
        "|---|---|---|---|",
        ...rows.map(
            ([name, prop, isRequired]) =>
                `| \`${name}\` | ${cell(renderType(prop))} | ${isRequired ? "yes" : ""} | ${cell(prop.description)} |`,
        ),
    ];
}

/** Markdown reference of every component and every type its inputs use. */
export function renderReference(schema: PackageSchema): string {
    const lines: string[] = [];
    const usedTypes = new Set<string>();
    const collect = (prop: SchemaProperty) => {
        if (prop.$ref?.startsWith("#/types/") && !usedTypes.has(typeName(prop.$ref))) {
            usedTypes.add(typeName(prop.$ref));
            Object.values(schema.types[`${PACKAGE}:index:${typeName(prop.$ref)}`]?.properties ?? {}).forEach(collect);
        }
        if (prop.items) collect(prop.items);
        if (prop.additionalProperties) collect(prop.additionalProperties);
    };
    for (const [token, resource] of Object.entries(schema.resources)) {
        const name = token.split(":")[2];
        const inputs = resource.inputProperties ?? {};
        const outputs = resource.properties ?? {};
        Object.values(inputs).forEach(collect);
        lines.push(`### ${name}`, "", cell(resource.description), "", "Inputs:", "");
        const requiredInputs = resource.requiredInputs ?? [];
        const alwaysSet = resource.required ?? [];
        lines.push(...table(Object.entries(inputs).map(([k, p]) => [k, p, requiredInputs.includes(k)]), "required"));
        lines.push("", "Outputs:", "");
        lines.push(...table(Object.entries(outputs).map(([k, p]) => [k, p, alwaysSet.includes(k)]), "always set"));
        lines.push("");
    }
    lines.push("### Input types", "");
    for (const name of [...usedTypes].sort()) {
        const type = schema.types[`${PACKAGE}:index:${name}`];
        if (type === undefined) continue;
        if (type.enum) {
            lines.push(`- \`${name}\`: ${type.enum.map((e) => `\`${e.value}\``).join(" \\| ")}`);
        } else {
            const required = type.required ?? [];
            const members = Object.entries(type.properties ?? {}).map(
                ([k, p]) => `\`${k}${required.includes(k) ? "" : "?"}\`: ${renderType(p)}`,
            );
            lines.push(`- \`${name}\`: ${members.join(", ")}`);
        }
    }
    return `${lines.join("\n")}\n`;
}

/** How the pages are rendered: `devResources`, a dev plan's resources already at hand (the tests' recorded one). */
export interface RenderOptions {
    readonly devResources?: readonly PlannedResource[];
}

/** The dev stack's architecture as Mermaid, from the plan engine (or from `devResources`). */
export function renderDevDiagram(options: RenderOptions = {}): string {
    if (options.devResources) return renderDiagram(options.devResources);
    const planScript = path.join(__dirname, "..", "plan", "plan.js");
    const result = spawnSync(process.execPath, [planScript, "--stack", "dev", "--diagram"], {
        cwd: projectDir,
        encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`plan --diagram failed (${result.status}): ${result.stderr}`);
    return result.stdout;
}

/** A generated page: its path (relative to the repository) and how to bring its blocks up to date. */
interface Page {
    readonly file: string;
    readonly render: (current: string, options: RenderOptions) => Promise<string>;
}

/** Every page with generated content. */
export const PAGES: readonly Page[] = [
    {
        file: "README.md",
        render: async (readme, options) =>
            replaceBlock(
                replaceBlock(readme, "diagram", `\`\`\`mermaid\n${renderDevDiagram(options)}\`\`\`\n`, "README.md"),
                "permissions",
                renderPermissionSummary(),
                "README.md",
            ),
    },
    {
        file: "docs/components.md",
        render: async (page) =>
            withTableOfContents(
                replaceBlock(page, "reference", renderReference(await packageSchema()), "docs/components.md"),
                "docs/components.md",
            ),
    },
    {
        file: "docs/configuration.md",
        render: async (page) => {
            const docs = settingsDocs();
            const file = "docs/configuration.md";
            const keys = replaceBlock(page, "keys", renderKeys(docs), file);
            const profile = replaceBlock(keys, "profile", renderProfile(docs), file);
            return withTableOfContents(replaceBlock(profile, "constants", renderConstants(docs), file), file);
        },
    },
    {
        file: "docs/policies.md",
        render: async (page) => withTableOfContents(replaceTable(page, policyTable()), "docs/policies.md"),
    },
    {
        file: "docs/iam-permissions.md",
        render: async (page) =>
            withTableOfContents(
                replaceBlock(page, "manifests", renderIamPermissions(), "docs/iam-permissions.md"),
                "docs/iam-permissions.md",
            ),
    },
    {
        file: "docs/cost.md",
        render: async (page) => replaceBlock(page, "prices", renderPriceTable(loadPrices()), "docs/cost.md"),
    },
    { file: "docs/operations.md", render: async (page) => withTableOfContents(page, "docs/operations.md") },
    { file: "docs/orchestration.md", render: async (page) => withTableOfContents(page, "docs/orchestration.md") },
    { file: "docs/serving.md", render: async (page) => withTableOfContents(page, "docs/serving.md") },
];

/** Each page's current text and the text it should have. */
export async function renderPages(
    options: RenderOptions = {},
): Promise<{ file: string; current: string; expected: string }[]> {
    const results = [];
    for (const page of PAGES) {
        const current = fs.readFileSync(path.join(projectDir, page.file), "utf8");
        results.push({ file: page.file, current, expected: await page.render(current, options) });
    }
    return results;
}

async function main(): Promise<number> {
    const pages = await renderPages();
    const stale = pages.filter((p) => p.expected !== p.current);
    if (process.argv.includes("--check")) {
        for (const page of stale) console.error(`${page.file} is stale: run \`npm run docs\` and commit the result.`);
        if (stale.length === 0) console.log(`${pages.length} generated pages are up to date.`);
        return stale.length === 0 ? 0 : 1;
    }
    for (const page of stale) fs.writeFileSync(path.join(projectDir, page.file), page.expected);
    console.log(stale.length === 0 ? "Docs already up to date." : `Updated: ${stale.map((p) => p.file).join(", ")}.`);
    return 0;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (err) => {
            console.error(`error: ${(err as Error).message}`);
            process.exit(2);
        },
    );
}

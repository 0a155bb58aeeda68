/**
 * Generated parts of README.md, so the docs cannot drift from the code:
 * - the component reference, from the Pulumi package schema that Pulumi infers from the
 *   TypeScript args interfaces and class fields (the same schema other languages' SDKs use);
 * - the architecture diagram, from the dev plan (`plan --diagram`).
 *
 * `npm run docs` rewrites README.md; `npm run docs -- --check` exits 1 when it is stale.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { cachedByInputs } from "./schemaCache";

const projectDir = path.resolve(__dirname, "..", "..", "..");
const PACKAGE = "mlops-platform";

interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    description?: string;
    optional?: boolean;
}
interface SchemaResource {
    description?: string;
    inputProperties?: Record<string, SchemaProperty>;
    requiredInputs?: string[];
    properties?: Record<string, SchemaProperty>;
    required?: string[];
}
interface SchemaType {
    type: string;
    description?: string;
    properties?: Record<string, SchemaProperty>;
    required?: string[];
    enum?: { name: string; value: string | number }[];
}
/** The parts of a Pulumi package schema the docs read. */
export interface PackageSchema {
    readonly name: string;
    readonly resources: Record<string, SchemaResource>;
    readonly types: Record<string, SchemaType>;
}

/** The exported component classes of the package, in export order. */
export function componentClasses(): (new (...args: never[]) => pulumi.ComponentResource)[] {
    const exports = require(path.join(projectDir, "bin", "components", "index.js")) as Record<string, unknown>;
    return Object.values(exports).filter(
        (value): value is new (...args: never[]) => pulumi.ComponentResource => typeof value === "function" && value.prototype instanceof pulumi.ComponentResource,
    );
}

let cachedSchema: Promise<PackageSchema> | undefined;

/** The package schema, as `pulumi package add` would infer it (cached per process and by inputs: it compiles the sources). */
export function packageSchema(): Promise<PackageSchema> {
    cachedSchema ??= cachedByInputs(projectDir, "package-schema", async () => {
        // Loaded lazily: the analyzer pulls in the TypeScript compiler.
        const { ComponentProvider } = await import("@pulumi/pulumi/provider/experimental");
        const provider = new ComponentProvider({ dirname: projectDir, name: PACKAGE, components: componentClasses() as never });
        return JSON.parse(await provider.getSchema()) as PackageSchema;
    });
    return cachedSchema;
}

function typeName(ref: string): string {
    return ref.replace(`#/types/${PACKAGE}:index:`, "").replace(/^\/aws\/v[^/]+\/schema\.json#\/resources\//, "").replace(/%2F/g, "/");
}

function renderType(prop: SchemaProperty): string {
    if (prop.$ref) return typeName(prop.$ref);
    if (prop.type === "array" && prop.items) return `${renderType(prop.items)}[]`;
    if (prop.type === "object" && prop.additionalProperties) return `map of ${renderType(prop.additionalProperties)}`;
    return prop.type ?? "any";
}

function cell(text: string | undefined): string {
    return (text ?? "").replace(/\n+/g, " ").replace(/\|/g, "\\|").trim();
}

function table(rows: [string, SchemaProperty, boolean][], required: string): string[] {
    if (rows.length === 0) return ["(none)"];
    return [
        `| name | type | ${required} | description |`,
        "|---|---|---|---|",
        ...rows.map(([name, prop, isRequired]) => `| \`${name}\` | ${cell(renderType(prop))} | ${isRequired ? "yes" : ""} | ${cell(prop.description)} |`),
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
        lines.push(...table(Object.entries(inputs).map(([k, p]) => [k, p, (resource.requiredInputs ?? []).includes(k)]), "required"));
        lines.push("", "Outputs:", "");
        lines.push(...table(Object.entries(outputs).map(([k, p]) => [k, p, (resource.required ?? []).includes(k)]), "always set"));
        lines.push("");
    }
    lines.push("### Input types", "");
    for (const name of [...usedTypes].sort()) {
        const type = schema.types[`${PACKAGE}:index:${name}`];
        if (type === undefined) continue;
        if (type.enum) {
            lines.push(`- \`${name}\`: ${type.enum.map((e) => `\`${e.value}\``).join(" \\| ")}`);
        } else {
            lines.push(`- \`${name}\`: ${Object.entries(type.properties ?? {}).map(([k, p]) => `\`${k}${(type.required ?? []).includes(k) ? "" : "?"}\`: ${renderType(p)}`).join(", ")}`);
        }
    }
    return `${lines.join("\n")}\n`;
}

/** The dev stack's architecture as Mermaid, from the plan engine. */
export function renderDevDiagram(): string {
    const result = spawnSync(process.execPath, [path.join(__dirname, "..", "plan", "plan.js"), "--stack", "dev", "--diagram"], { cwd: projectDir, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`plan --diagram failed (${result.status}): ${result.stderr}`);
    return result.stdout;
}

/** Replaces the text between `<!-- generated:NAME:start -->` and `<!-- generated:NAME:end -->`. */
export function replaceBlock(document: string, name: string, content: string): string {
    const start = `<!-- generated:${name}:start -->`;
    const end = `<!-- generated:${name}:end -->`;
    const from = document.indexOf(start);
    const to = document.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} block`);
    return `${document.slice(0, from + start.length)}\n${content}${document.slice(to)}`;
}

/**
 * README.md with every generated block brought up to date. `devDiagram` is the dev plan's
 * `--diagram` output when the caller already has it (the tests render it from their recorded plan).
 */
export async function renderReadme(readme: string, devDiagram?: string): Promise<string> {
    const reference = renderReference(await packageSchema());
    const diagram = `\`\`\`mermaid\n${devDiagram ?? renderDevDiagram()}\`\`\`\n`;
    return replaceBlock(replaceBlock(readme, "reference", reference), "diagram", diagram);
}

async function main(): Promise<number> {
    const readmePath = path.join(projectDir, "README.md");
    const current = fs.readFileSync(readmePath, "utf8");
    const next = await renderReadme(current);
    if (process.argv.includes("--check")) {
        if (next !== current) {
            console.error("README.md is stale: run `npm run docs` and commit the result.");
            return 1;
        }
        console.log("README.md generated sections are up to date.");
        return 0;
    }
    fs.writeFileSync(readmePath, next);
    console.log(next === current ? "README.md already up to date." : "README.md updated.");
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

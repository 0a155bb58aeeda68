/**
 * The package schema other languages' SDKs are generated from, shipped as `schema.json` and served
 * by the plugin host (components/plugin/host.ts) when `pulumi package add` runs the package.
 *
 * It starts from the schema Pulumi's own analyzer infers from the TypeScript args interfaces
 * (@pulumi/pulumi provider/experimental/analyzer.js, 3.270) and adds the two things that analyzer
 * cannot say (sourceFacts.ts): which numbers are integers (it maps every TypeScript `number` to
 * `number`, i.e. a float in Python, Go and C#) and the description of every object type (it reads
 * type JSDoc only from the files it visits before the last component is found).
 *
 * `node bin/tools/package/packageSchema.js --write` rewrites schema.json; test/platform/schema.spec.ts
 * fails when the shipped file is stale.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { cachedByInputs } from "./schemaCache";
import { SourceFacts, sourceFacts } from "./sourceFacts";

const projectDir = path.resolve(__dirname, "..", "..", "..");
export const PACKAGE = "mlops-platform";
/** Where the package ships its schema (listed in package.json `files`). */
export const SCHEMA_FILE = path.join(projectDir, "schema.json");

export interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    description?: string;
    optional?: boolean;
    plain?: boolean;
}
export interface SchemaResource {
    description?: string;
    isComponent?: boolean;
    inputProperties?: Record<string, SchemaProperty>;
    requiredInputs?: string[];
    properties?: Record<string, SchemaProperty>;
    required?: string[];
}
export interface SchemaType {
    type: string;
    description?: string;
    properties?: Record<string, SchemaProperty>;
    required?: string[];
    enum?: { name: string; value: string | number; description?: string }[];
}
/** The parts of a Pulumi package schema this package reads and refines. */
export interface PackageSchema {
    readonly name: string;
    readonly resources: Record<string, SchemaResource>;
    readonly types: Record<string, SchemaType>;
}

/** The exported component classes of the package, in export order. */
export function componentClasses(): (new (...args: never[]) => pulumi.ComponentResource)[] {
    const exports = require(path.join(projectDir, "bin", "components", "index.js")) as Record<string, unknown>;
    return Object.values(exports).filter(
        (value): value is new (...args: never[]) => pulumi.ComponentResource =>
            typeof value === "function" && value.prototype instanceof pulumi.ComponentResource,
    );
}

/** The TypeScript interface a schema type or resource was inferred from (`mlops-platform:index:X` → `X`). */
function localName(token: string): string {
    return token.slice(`${PACKAGE}:index:`.length);
}

/** `integer` for a number property the source declares as `Integer` (also inside arrays and maps). */
function refineProperty(prop: SchemaProperty, isInteger: boolean): void {
    if (!isInteger) return;
    if (prop.type === "number") prop.type = "integer";
    if (prop.items?.type === "number") prop.items.type = "integer";
    if (prop.additionalProperties?.type === "number") prop.additionalProperties.type = "integer";
}

function refineProperties(
    properties: Record<string, SchemaProperty> | undefined,
    integers: ReadonlySet<string> | undefined,
): void {
    for (const [name, prop] of Object.entries(properties ?? {})) refineProperty(prop, integers?.has(name) === true);
}

/**
 * The analyzer's schema with integer types and type descriptions from the sources. Pure: the same
 * schema and facts give the same result. A component's inputs are its args interface's properties.
 */
export function refineSchema(inferred: PackageSchema, facts: SourceFacts): PackageSchema {
    const schema = JSON.parse(JSON.stringify(inferred)) as PackageSchema;
    for (const [token, type] of Object.entries(schema.types)) {
        const name = localName(token);
        type.description ??= facts.descriptions.get(name);
        refineProperties(type.properties, facts.integerProperties.get(name));
    }
    for (const [token, resource] of Object.entries(schema.resources)) {
        const argsInterface = facts.argsInterfaces.get(localName(token));
        if (argsInterface !== undefined)
            refineProperties(resource.inputProperties, facts.integerProperties.get(argsInterface));
    }
    return schema;
}

let cachedSchema: Promise<PackageSchema> | undefined;

/** The package schema (cached per process and by inputs: inferring it compiles the sources). */
export function packageSchema(): Promise<PackageSchema> {
    cachedSchema ??= cachedByInputs(projectDir, "package-schema", async () => {
        // Loaded lazily: the analyzer pulls in the TypeScript compiler.
        const { ComponentProvider } = await import("@pulumi/pulumi/provider/experimental");
        const provider = new ComponentProvider({
            dirname: projectDir,
            name: PACKAGE,
            components: componentClasses() as never,
        });
        const inferred = JSON.parse(await provider.getSchema()) as PackageSchema;
        return refineSchema(inferred, sourceFacts(path.join(projectDir, "components")));
    });
    return cachedSchema;
}

/** schema.json's text for a schema (stable: two-space JSON and a final newline). */
export function schemaFileText(schema: PackageSchema): string {
    return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
    packageSchema().then(
        (schema) => {
            if (process.argv.includes("--write")) fs.writeFileSync(SCHEMA_FILE, schemaFileText(schema));
            else process.stdout.write(schemaFileText(schema));
        },
        (err: unknown) => {
            console.error(err instanceof Error ? err.message : err);
            process.exit(1);
        },
    );
}

/**
 * The configuration reference (docs/configuration.md), generated from the modules the code uses:
 * keys, types and constraints from the zod schema (`platformConfigSchema`, as JSON Schema),
 * descriptions from the JSDoc of the settings interfaces, and the defaults per environment from
 * `environmentProfile()` and the settings modules' `*_DEFAULTS` tables.
 */
import { z } from "zod";
import { ENVIRONMENTS } from "../../components/core/environment";
import { OFFLINE_STORE_DEFAULTS, ONLINE_STORE_DEFAULTS } from "../../components/featureStore/featureStoreSettings";
import { ORCHESTRATION_DEFAULTS } from "../../components/orchestration/orchestrationSettings";
import { environmentProfile, platformConfigSchema } from "../../components/platform/platformConfig";
import { SERVING_DEFAULTS } from "../../components/serving/servingSpec";
import { cell, table } from "./markdown";
import { SettingsDocs } from "./settingsDocs";

/** The parts of a JSON Schema (draft 2020-12, as zod emits it) the reference reads. */
interface JsonSchema {
    readonly type?: string;
    readonly enum?: readonly (string | number)[];
    readonly const?: string | number | boolean;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly exclusiveMinimum?: number;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly pattern?: string;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly items?: JsonSchema;
    readonly properties?: Record<string, JsonSchema>;
    readonly required?: readonly string[];
    readonly additionalProperties?: JsonSchema | boolean;
    readonly propertyNames?: JsonSchema;
    readonly anyOf?: readonly JsonSchema[];
}

const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

function range(min: number | undefined, max: number | undefined, unit = ""): string {
    if (min !== undefined && max !== undefined) return `${min}–${max}${unit}`;
    if (min !== undefined) return `≥ ${min}${unit}`;
    if (max !== undefined) return `≤ ${max}${unit}`;
    return "";
}

/** The type and constraints of one schema node, in words. */
export function describeType(s: JsonSchema): string {
    if (s.anyOf) return s.anyOf.map(describeType).join(" or ");
    if (s.enum) return s.enum.map(code).join(" | ");
    if (s.const !== undefined) return code(s.const);
    const parts: string[] = [];
    switch (s.type) {
        case "integer":
        case "number":
            parts.push(s.type, range(s.minimum ?? s.exclusiveMinimum, s.maximum));
            break;
        case "string":
            parts.push("string", range(s.minLength, s.maxLength, " chars"));
            if (s.pattern) parts.push(`matching ${code(s.pattern)}`);
            break;
        case "array":
            parts.push(`list of ${s.items ? describeType(s.items) : "any"}`, range(s.minItems, s.maxItems, " items"));
            break;
        case "object":
            if (typeof s.additionalProperties === "object") {
                const keys = s.propertyNames?.pattern ? ` (keys matching ${code(s.propertyNames.pattern)})` : "";
                parts.push(`map of string → ${describeType(s.additionalProperties)}${keys}`);
            } else {
                parts.push("object");
            }
            break;
        default:
            parts.push(s.type ?? "any");
    }
    return parts.filter((p) => p !== "").join(", ");
}

/** One row per key, depth first; nested objects (and list items that are objects) add their own keys. */
function keyRows(schema: JsonSchema, prefix: string, docs: SettingsDocs, rows: string[][]): void {
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
        const key = prefix === "" ? name : `${prefix}.${name}`;
        const required = (schema.required ?? []).includes(name) ? "yes" : "";
        const nested = child.type === "array" && child.items?.properties ? child.items : child;
        const type = nested.properties ? (nested === child ? "object" : "list of objects") : describeType(child);
        const size = nested !== child ? range(child.minItems, child.maxItems, " items") : "";
        rows.push([`\`${key}\``, cell([type, size].filter((p) => p).join(", ")), required, cell(docs.keys.get(key))]);
        if (nested.properties) keyRows(nested, nested === child ? key : `${key}[]`, docs, rows);
    }
}

/** The config schema as JSON Schema (inputs, as written in the stack file). */
export function configJsonSchema(): JsonSchema {
    return z.toJSONSchema(platformConfigSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** The key tables, one `##` section per top-level config key. */
export function renderKeys(docs: SettingsDocs): string {
    const schema = configJsonSchema();
    const lines: string[] = [];
    for (const [section, child] of Object.entries(schema.properties ?? {})) {
        lines.push(`### \`mlops-platform:${section}\``, "", cell(docs.keys.get(section)), "");
        const rows: string[][] = [];
        if (child.properties || (child.type === "array" && child.items?.properties)) {
            keyRows({ properties: { [section]: child }, required: schema.required }, "", docs, rows);
            rows.shift();
        } else {
            const required = (schema.required ?? []).includes(section) ? "yes" : "";
            rows.push([`\`${section}\``, cell(describeType(child)), required, cell(docs.keys.get(section))]);
        }
        if (rows.length > 0) lines.push(...table(["key", "type and constraints", "required", "description"], rows), "");
        if (child.properties && child.additionalProperties === false) lines.push("Unknown keys are refused.", "");
    }
    return `${lines.join("\n")}`;
}

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) flatten(v, prefix === "" ? k : `${prefix}.${k}`, into);
    } else {
        into.set(prefix, value);
    }
}

/** The defaults that differ by environment, side by side (from `environmentProfile()`). */
export function renderProfile(docs: SettingsDocs): string {
    const profiles = ENVIRONMENTS.map((environment) => {
        const values = new Map<string, unknown>();
        flatten(environmentProfile(environment), "", values);
        return values;
    });
    const rows = [...profiles[0].keys()].map((key) => [
        `\`${key}\``,
        ...profiles.map((p) => code(p.get(key))),
        cell(docs.profile.get(key)),
    ]);
    return `${table(["default", ...ENVIRONMENTS, "meaning"], rows).join("\n")}\n`;
}

/** The defaults that are the same in every environment, by settings table. */
export function renderConstants(docs: SettingsDocs): string {
    const tables: Record<string, Record<string, unknown>> = {
        OFFLINE_STORE_DEFAULTS,
        ONLINE_STORE_DEFAULTS,
        ORCHESTRATION_DEFAULTS,
        SERVING_DEFAULTS,
    };
    const rows: string[][] = [];
    for (const [name, values] of Object.entries(tables)) {
        for (const [key, value] of Object.entries(values)) {
            const shown =
                typeof value === "function"
                    ? code(String((value as (name: string) => string)("<endpointName>")))
                    : value !== null && typeof value === "object" && !Array.isArray(value)
                      ? ENVIRONMENTS.map((e) => `${e}: ${code((value as Record<string, unknown>)[e])}`).join(", ")
                      : code(value);
            rows.push([`\`${name}.${key}\``, cell(shown), cell(docs.constants.get(`${name}.${key}`))]);
        }
    }
    return `${table(["default", "value", "meaning"], rows).join("\n")}\n`;
}

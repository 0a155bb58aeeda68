/**
 * The provider behind the plugin host (host.ts): it serves a given package schema and constructs
 * the package's components by their schema token, returning the outputs the schema lists. The
 * components (and @pulumi/aws with them) load on the first Construct: `pulumi package add` only
 * calls GetSchema, which then answers without loading them.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";

type ComponentClass = new (
    name: string,
    args: pulumi.Inputs,
    opts?: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource;

interface ShippedSchema {
    readonly name: string;
    readonly version?: string;
    readonly resources: Record<string, { readonly properties?: Record<string, unknown> }>;
}

/** The component classes by their schema token (`mlops-platform:index:<class>`). */
function componentsByToken(packageName: string): Map<string, ComponentClass> {
    const components = require("../index") as Record<string, unknown>;
    const classes = Object.values(components).filter(
        (value): value is ComponentClass =>
            typeof value === "function" && value.prototype instanceof pulumi.ComponentResource,
    );
    return new Map(classes.map((c) => [`${packageName}:index:${c.name}`, c]));
}

/** A provider that serves `schemaText` and constructs the package's components. */
export function platformProvider(schemaText: string): provider.Provider {
    const schema = JSON.parse(schemaText) as ShippedSchema;
    let classes: Map<string, ComponentClass> | undefined;
    return {
        version: schema.version ?? "0.0.0",
        getSchema: async () => schemaText,
        construct: async (name, type, inputs, options) => {
            classes ??= componentsByToken(schema.name);
            const component = classes.get(type);
            const outputs = schema.resources[type]?.properties;
            if (component === undefined || outputs === undefined)
                throw new Error(`${schema.name} has no component ${type}`);
            const instance = new component(name, inputs, options) as unknown as Record<string, unknown> &
                pulumi.ComponentResource;
            const state = Object.fromEntries(Object.keys(outputs).map((key) => [key, instance[key]]));
            return { urn: instance.urn, state };
        },
    };
}

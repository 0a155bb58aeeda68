/**
 * The entry point `pulumi package add` runs (package.json `main`; consumers importing the library
 * get `exports["."]`, components/index.ts, instead: Node resolves `require("mlops-platform")`
 * through `exports` and only a directory path through `main`).
 *
 * Pulumi's nodejs plugin launcher (@pulumi/pulumi cmd/run-plugin/run.js, 3.270) requires the
 * package folder; had it found component classes among the exports, it would serve the schema its
 * analyzer infers from TypeScript sources, which an installed package does not ship and which
 * types every count as a float. This module instead exports one function, which the launcher calls
 * and awaits: it serves the shipped, refined schema.json (tools/package/packageSchema.ts) and
 * constructs the same components.
 */
import * as fs from "fs";
import * as path from "path";
import * as provider from "@pulumi/pulumi/provider";
import { platformProvider } from "./platformProvider";

/** Shipped beside package.json (bin/components/plugin/ → the package root). */
const SCHEMA_FILE = path.resolve(__dirname, "..", "..", "..", "schema.json");

/** Serves the shipped schema over the provider protocol (the engine's address is the first argument). */
function startPluginHost(): Promise<void> {
    return provider.main(platformProvider(fs.readFileSync(SCHEMA_FILE, "utf8")), process.argv.slice(2));
}

export = startPluginHost;

/**
 * `node warmSchema.js`: fills the package-schema and settings-docs caches (tools/package/schemaCache.ts)
 * that the docs and schema specs read. Started by the mocha global setup (test/support/recordedPlans.ts)
 * only when they lack the current sources: inferring the schema builds a TypeScript program over the
 * project (about 8 s), which the specs would otherwise each do themselves.
 */
// First, before @pulumi/pulumi loads (as in the CLI).
import "../../tools/shared/deferSdkLoads";
import "../../tools/plan/compileCache";
import { settingsDocs } from "../../tools/docs/settingsDocs";
import { packageSchema } from "../../tools/package/packageSchema";

settingsDocs();
packageSchema().then(
    () => process.exit(0),
    (err: unknown) => {
        process.stderr.write(`${String(err)}\n`);
        process.exit(1);
    },
);

/**
 * `node recordRuns.js <dir> <runs JSON> [--warm-schema]`: plans each run of the global setup
 * (test/support/recordedPlans.ts) one after another in this one process, through the plan CLI's own
 * `planOutput` (what the CLI prints and its exit code), and writes each as `<dir>/<name>.json`. The
 * SDKs load once for all of them instead of once per spawned CLI; the CLI process itself is tested
 * by test/plan/planCli.spec.ts. `--warm-schema` then fills the package-schema and settings-docs
 * caches (tools/package/schemaCache.ts).
 */
// First, before @pulumi/pulumi loads (as in the CLI).
import "../../tools/shared/deferSdkLoads";
import "../../tools/plan/compileCache";
import * as path from "path";
import { describeFailure, planOutput } from "../../tools/plan/plan";
import { writeArtifact } from "./setupArtifacts";

async function record(dir: string, runs: readonly { name: string; args: readonly string[] }[]): Promise<void> {
    // As in the CLI: plans never print the SDK's internal promise stacks.
    Error.stackTraceLimit = 0;
    for (const { name, args } of runs) {
        let run: { code: number; stdout: string; stderr: string };
        try {
            const { text, code } = await planOutput(args);
            run = { code, stdout: text, stderr: "" };
        } catch (err) {
            run = { code: 2, stdout: "", stderr: `error: ${describeFailure(err)}\n` };
        }
        writeArtifact(path.join(dir, `${name}.json`), JSON.stringify({ args, ...run }));
    }
}

async function warmSchema(): Promise<void> {
    (await import("../../tools/docs/settingsDocs")).settingsDocs();
    await (await import("../../tools/package/packageSchema")).packageSchema();
}

const [dir, runs, warm] = process.argv.slice(2);
record(dir, JSON.parse(runs) as { name: string; args: string[] }[])
    .then(() => (warm === "--warm-schema" ? warmSchema() : undefined))
    .then(
        () => process.exit(0),
        (err: unknown) => {
            process.stderr.write(`${String(err)}\n`);
            process.exit(1);
        },
    );

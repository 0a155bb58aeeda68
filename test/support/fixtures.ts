/** Fixtures shared by the specs of the tools and the policy pack: repository paths and the plan CLI. */
import { spawnSync } from "child_process";
import * as path from "path";

/** The repository root (specs run from bin/test/...). */
export const projectDir = path.resolve(__dirname, "..", "..", "..");

/** The repository's README.md. */
export const readmePath = path.join(projectDir, "README.md");

/** The compiled plan CLI. */
export const planJs = path.join(projectDir, "bin", "tools", "plan", "plan.js");

/** Runs the plan CLI in a subprocess from the repository root. */
export function runPlan(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [planJs, ...args], {
        cwd: projectDir,
        encoding: "utf8",
        timeout: 120_000,
        // Large plans (the IAM quota spec's 67 feature views) print more than spawnSync's 1 MiB default.
        maxBuffer: 64 * 1024 * 1024,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

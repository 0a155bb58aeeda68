/**
 * The library's tarball as `npm pack` builds it, for the package tests: packed once per mocha run
 * by the global setup (test/support/recordedPlans.ts, through {@link packLibrary}), then read by the
 * specs as its file list and as an "installed copy" (the tarball unpacked into a consumer's node_modules).
 */
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { failArtifact, readArtifact, recordDir, writeArtifact } from "../support/setupArtifacts";

/** Repository root (tests run from bin/test/package/). */
export const REPO = path.resolve(__dirname, "..", "..", "..");

/** Where the global setup leaves the tarball and npm's report on it. */
const PACK_DIR = path.join(recordDir, "package");
const REPORT = path.join(PACK_DIR, "report.json");

interface PackReport {
    readonly filename: string;
    readonly files: { path: string }[];
}

/**
 * Compiles the shipped pack (policies/bin/), which `npm pack` would do through `prepack` (`tsc -b`,
 * so an up-to-date build costs a timestamp check), then packs the library (`npm pack --json`,
 * scripts skipped: the build is the tests') into the shared folder. Run once by the global setup; a
 * failure is recorded for the specs waiting for the tarball, and rethrown.
 */
export async function packLibrary(): Promise<void> {
    const run = promisify(execFile);
    try {
        await run(process.execPath, [require.resolve("typescript/bin/tsc"), "-b", "policies/tsconfig.json"], {
            cwd: REPO,
        });
        fs.mkdirSync(PACK_DIR, { recursive: true });
        const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", PACK_DIR], {
            cwd: REPO,
            encoding: "utf8",
        });
        const [report] = JSON.parse(stdout) as PackReport[];
        writeArtifact(REPORT, JSON.stringify(report));
    } catch (err) {
        failArtifact(REPORT, String(err));
        throw err;
    }
}

function packReport(): PackReport {
    return JSON.parse(readArtifact(REPORT, "library tarball")) as PackReport;
}

/** Paths in the tarball (npm's report on the pack). */
export function packedFiles(): string[] {
    return packReport()
        .files.map((f) => f.path)
        .sort();
}

/**
 * Unpacks the library's tarball as `<app>/node_modules/mlops-platform`, with the consumer's `@pulumi`
 * SDKs (this repository's) beside it, as `npm install <tarball>` lays it out. Returns the app folder.
 */
export function installedCopy(): string {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-consumer-"));
    const target = path.join(app, "node_modules", "mlops-platform");
    fs.mkdirSync(target, { recursive: true });
    execFileSync("tar", ["-xzf", path.join(PACK_DIR, packReport().filename), "-C", target, "--strip-components=1"]);
    fs.symlinkSync(path.join(REPO, "node_modules", "@pulumi"), path.join(app, "node_modules", "@pulumi"));
    // The package's own dependencies, as npm would install them beside it (the @pulumi ones are linked above).
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    for (const dep of Object.keys(manifest.dependencies ?? {}).filter((d) => !d.startsWith("@pulumi/")))
        fs.symlinkSync(path.join(REPO, "node_modules", dep), path.join(app, "node_modules", dep));
    return app;
}

/**
 * The library's tarball as `npm pack` builds it, for the package tests: its file list (dry run) and
 * an "installed copy" (the tarball unpacked into a consumer's node_modules).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Repository root (tests run from bin/test/package/). */
export const REPO = path.resolve(__dirname, "..", "..", "..");

/**
 * Compiles the shipped pack (policies/bin/), which `npm pack` would do through `prepack`: `tsc -b`,
 * so an up-to-date build costs a timestamp check and a stale one is rebuilt.
 */
export function buildShippedPack(): void {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-b", "policies/tsconfig.json"], {
        cwd: REPO,
        stdio: "inherit",
    });
}

/** Paths in the tarball (`npm pack --dry-run --json`; scripts skipped, the build is the test's). */
export function packedFiles(): string[] {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: REPO,
        encoding: "utf8",
    });
    const [report] = JSON.parse(out) as { files: { path: string }[] }[];
    return report.files.map((f) => f.path).sort();
}

/**
 * Packs the library and unpacks it as `<app>/node_modules/mlops-platform`, with the consumer's
 * `@pulumi` SDKs (this repository's) beside it, as `npm install <tarball>` lays it out. Returns the app folder.
 */
export function installedCopy(): string {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-consumer-"));
    const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", app], {
        cwd: REPO,
        encoding: "utf8",
    });
    const [report] = JSON.parse(out) as { filename: string }[];
    const target = path.join(app, "node_modules", "mlops-platform");
    fs.mkdirSync(target, { recursive: true });
    execFileSync("tar", ["-xzf", path.join(app, report.filename), "-C", target, "--strip-components=1"]);
    fs.symlinkSync(path.join(REPO, "node_modules", "@pulumi"), path.join(app, "node_modules", "@pulumi"));
    // The package's own dependencies, as npm would install them beside it (the @pulumi ones are linked above).
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    for (const dep of Object.keys(manifest.dependencies ?? {}).filter((d) => !d.startsWith("@pulumi/")))
        fs.symlinkSync(path.join(REPO, "node_modules", dep), path.join(app, "node_modules", dep));
    return app;
}

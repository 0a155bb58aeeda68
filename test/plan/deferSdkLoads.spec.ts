import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFERRED_LOADS } from "../../tools/shared/deferSdkLoads";
import { projectDir } from "../support/fixtures";

const sdkDir = path.join(projectDir, "node_modules", "@pulumi", "pulumi");
const hook = path.join(projectDir, "bin", "tools", "shared", "deferSdkLoads.js");

/**
 * Loads the SDK in a fresh process with the hook preloaded, reports what loaded, then serializes a
 * function (TypeScript) and computes code paths (arborist, normalize-package-data) through the
 * stand-ins, and reports again.
 */
const PROBE = `
const { deferred } = require(${JSON.stringify(hook)});
const pulumi = require("@pulumi/pulumi");
const heavy = () => Object.keys(require.cache)
    .map((k) => /node_modules\\/(typescript|@npmcli\\/arborist|normalize-package-data)\\//.exec(k)?.[1])
    .filter(Boolean);
const atImport = { heavy: [...new Set(heavy())], deferred: [...deferred.keys()].sort() };
(async () => {
    const fn = await pulumi.runtime.serializeFunction(() => 6 * 7);
    process.chdir(process.argv[1]);
    const paths = await pulumi.runtime.computeCodePaths({});
    const afterUse = { heavy: [...new Set(heavy())].sort(), loaded: [...deferred].filter(([, v]) => v.loaded).length };
    console.log(JSON.stringify({ atImport, afterUse, text: fn.text, paths: paths.size }));
})();
`;

describe("deferred SDK loads (tools/shared/deferSdkLoads.ts)", () => {
    it("the SDK still requires exactly these modules from exactly these files (else the deferral is void)", () => {
        for (const { file, request } of DEFERRED_LOADS) {
            const source = fs.readFileSync(path.join(sdkDir, file), "utf8");
            assert.ok(
                source.includes(`require("${request}")`),
                `node_modules/@pulumi/pulumi/${file} no longer requires "${request}": ` +
                    "update DEFERRED_LOADS in tools/shared/deferSdkLoads.ts to what @pulumi/pulumi loads now",
            );
        }
    });

    it("importing the SDK loads none of them; using them loads each on first use and works", function () {
        this.timeout(120_000);
        const app = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-defer-"));
        fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "probe", version: "1.0.0" }));
        try {
            const run = spawnSync(process.execPath, ["-r", hook, "-e", PROBE, app], {
                cwd: projectDir,
                encoding: "utf8",
            });
            assert.strictEqual(run.status, 0, run.stderr);
            const result = JSON.parse(run.stdout);
            assert.deepStrictEqual(result.atImport, {
                heavy: [],
                deferred: DEFERRED_LOADS.map((d) => `${d.file} ${d.request}`).sort(),
            });
            assert.deepStrictEqual(result.afterUse, {
                heavy: ["@npmcli/arborist", "normalize-package-data", "typescript"],
                loaded: DEFERRED_LOADS.length,
            });
            assert.match(result.text, /6 \* 7/);
            assert.strictEqual(result.paths, 0);
        } finally {
            fs.rmSync(app, { recursive: true, force: true });
        }
    });

    it("is loaded first by the plan CLI, by the test bootstrap and into the pack process the tools start", () => {
        const firstImport = (file: string) =>
            fs
                .readFileSync(path.join(projectDir, file), "utf8")
                .split("\n")
                .find((l) => l.startsWith("import "));
        assert.strictEqual(firstImport("tools/plan/plan.ts"), 'import "../shared/deferSdkLoads";');
        assert.strictEqual(firstImport("test/support/recordedPlans.ts"), 'import "../../tools/shared/deferSdkLoads";');
        assert.match(
            fs.readFileSync(path.join(projectDir, "tools", "policy", "packProcess.ts"), "utf8"),
            /return \["--require", DEFER_SDK_LOADS, "--require", COMPILE_CACHE, program\]/,
        );
    });
});

import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SecureBucket } from "../../components/storage/secureBucket";
import { settle, startMockRun } from "../../tools/plan/recorder";
import { DEBUGGABLE_PROMISE_CALLERS } from "../../tools/plan/mockRunDiagnostics";
import { projectDir } from "../support/fixtures";

const sdkDir = path.join(projectDir, "node_modules", "@pulumi", "pulumi");
const sdkFile = (file: string) => fs.readFileSync(path.join(sdkDir, file), "utf8");
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise: <T>(p: Promise<T>, ctx: string) => Promise<T>;
};
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<unknown> } };

/** The SDK's JavaScript files, relative to its folder (its own node_modules left out). */
const sdkFiles = () =>
    fs
        .readdirSync(sdkDir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".js") && !f.startsWith("node_modules"));

describe("SDK diagnostics a mock run skips (tools/plan/mockRunDiagnostics.ts)", () => {
    it("the SDK still exports debuggablePromise and calls it only through its module object (else the replacement is void)", () => {
        assert.match(sdkFile("runtime/debuggable.js"), /\nexports\.debuggablePromise = debuggablePromise;\n/);
        const callers = sdkFiles()
            .filter((f) => f !== "runtime/debuggable.js" && sdkFile(f).includes("debuggablePromise"))
            .sort();
        assert.deepStrictEqual(callers, DEBUGGABLE_PROMISE_CALLERS);
        for (const file of callers) {
            const source = sdkFile(file);
            assert.match(source, /\nconst debuggable_1 = require\("\.\/debuggable"\);\n/, file);
            const calls = source.match(/debuggablePromise/g)!.length;
            const viaModule = source.match(/debuggable_1\.debuggablePromise\(/g)?.length ?? 0;
            assert.strictEqual(viaModule, calls, `${file} refers to debuggablePromise other than by debuggable_1`);
        }
    });

    it("the SDK still takes a resource's source position only from Resource.stackTrace, called through the class", () => {
        const source = sdkFile("resource.js");
        assert.deepStrictEqual(source.match(/\bstackTrace\(\d*/g), ["stackTrace(4", "stackTrace("]);
        assert.match(source, /const stackTrace = Resource\.stackTrace\(4\);\n\s+const sourcePosition = /);
        assert.deepStrictEqual(
            sdkFiles().filter((f) => f !== "resource.js" && /\bcallsites\(|Resource\.stackTrace\b/.test(sdkFile(f))),
            [],
        );
    });

    it("after startMockRun: the promise itself back, no leak candidate, no source position in the request", async () => {
        const rec = startMockRun({ stack: "dev" });
        const p = Promise.resolve(42);
        assert.strictEqual(debuggable.debuggablePromise(p, "ctx"), p);
        const settings = require("@pulumi/pulumi/runtime/settings") as {
            getMonitor(): { registerResource(req: { getSourceposition(): unknown }, cb: unknown): void };
        };
        const monitor = settings.getMonitor();
        const register = monitor.registerResource.bind(monitor);
        const positions: unknown[] = [];
        monitor.registerResource = (req, cb) => {
            positions.push(req.getSourceposition());
            register(req, cb);
        };
        new SecureBucket("untracked", { environment: "dev", purpose: "access-logs", serverAccessLogTarget: true });
        await settle();
        assert.ok(rec.ofType("aws:s3/bucket:Bucket").length > 0);
        assert.strictEqual(state.getStore().leakCandidates.size, 0);
        assert.deepStrictEqual(new Set(positions), new Set([undefined]));
    });

    it("a CLI whose awaited promise never settles exits 2 with its message, not 0 with no output", () => {
        const cli = path.join(projectDir, "bin", "tools", "shared", "cli.js");
        const script = (body: string) =>
            spawnSync(process.execPath, ["-e", `require(${JSON.stringify(cli)}).exitWhenStalled("stalled"); ${body}`], {
                encoding: "utf8",
            });
        const stalled = script("new Promise(() => undefined).then(() => process.exit(0));");
        assert.deepStrictEqual([stalled.status, stalled.stderr], [2, "error: stalled\n"]);
        const finished = script("Promise.resolve().then(() => process.exit(0));");
        assert.deepStrictEqual([finished.status, finished.stderr], [0, ""]);
    });
});

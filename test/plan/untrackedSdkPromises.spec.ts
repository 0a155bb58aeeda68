import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SecureBucket } from "../../components/storage/secureBucket";
import { settle, startMockRun } from "../../tools/plan/recorder";
import { DEBUGGABLE_PROMISE_CALLERS } from "../../tools/plan/untrackedSdkPromises";
import { projectDir } from "../support/fixtures";

const sdkDir = path.join(projectDir, "node_modules", "@pulumi", "pulumi");
const sdkFile = (file: string) => fs.readFileSync(path.join(sdkDir, file), "utf8");
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise: <T>(p: Promise<T>, ctx: string) => Promise<T>;
};
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<unknown> } };

describe("untracked SDK promises in a mock run (tools/plan/untrackedSdkPromises.ts)", () => {
    it("the SDK still exports debuggablePromise and calls it only through its module object (else the replacement is void)", () => {
        assert.match(sdkFile("runtime/debuggable.js"), /\nexports\.debuggablePromise = debuggablePromise;\n/);
        const callers = fs
            .readdirSync(sdkDir, { recursive: true, encoding: "utf8" })
            .filter((f) => f.endsWith(".js") && !f.startsWith("node_modules") && f !== "runtime/debuggable.js")
            .filter((f) => sdkFile(f).includes("debuggablePromise"))
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

    it("after startMockRun the SDK hands back the promise itself, and a plan leaves no leak candidate", async () => {
        const rec = startMockRun({ stack: "dev" });
        const p = Promise.resolve(42);
        assert.strictEqual(debuggable.debuggablePromise(p, "ctx"), p);
        new SecureBucket("untracked", { environment: "dev", purpose: "access-logs", serverAccessLogTarget: true });
        await settle();
        assert.ok(rec.ofType("aws:s3/bucket:Bucket").length > 0);
        assert.strictEqual(state.getStore().leakCandidates.size, 0);
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

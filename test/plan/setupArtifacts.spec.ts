/**
 * How a spec waits for what the mocha run produces (test/support/setupArtifacts.ts): it reads an
 * artifact written whole, and stops waiting, with the reason, when the producer failed, exited, or
 * is the reading process itself (whose blocked event loop could never produce it).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { claimArtifact, failArtifact, readArtifact, writeArtifact } from "../support/setupArtifacts";

describe("setup artifacts: readers wait for a producer, never for a dead or failed one", () => {
    let dir: string;
    let file: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-artifacts-"));
        file = path.join(dir, "run.json");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads an artifact once it is written, and leaves no temporary file", () => {
        writeArtifact(file, '{"code":0}');
        assert.strictEqual(readArtifact(file, "recorded run"), '{"code":0}');
        assert.deepStrictEqual(fs.readdirSync(dir), ["run.json"]);
    });

    it("one process claims an artifact; a second claim is refused", () => {
        assert.strictEqual(claimArtifact(file), true);
        assert.strictEqual(claimArtifact(file), false);
        assert.strictEqual(fs.readFileSync(`${file}.producer`, "utf8"), String(process.pid));
    });

    it("a recorded failure ends the wait with its message", () => {
        claimArtifact(file);
        failArtifact(file, "Error: boom");
        assert.throws(
            () => readArtifact(file, "recorded run"),
            /^Error: no recorded run: producing it failed: Error: boom$/,
        );
    });

    it("a producer that exited without writing it ends the wait, naming the process", () => {
        const exited = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
            encoding: "utf8",
        });
        fs.writeFileSync(`${file}.producer`, exited.stdout);
        assert.throws(
            () => readArtifact(file, "recorded run"),
            new RegExp(`^Error: no recorded run: process ${exited.stdout}, which was producing it, exited$`),
        );
    });

    it("this process as the producer ends the wait at once (a blocked wait could never end)", () => {
        claimArtifact(file);
        assert.throws(
            () => readArtifact(file, "recorded run"),
            /^Error: no recorded run yet: this process produces it/,
        );
    });
});

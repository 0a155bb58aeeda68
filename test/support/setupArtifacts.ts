/**
 * What the mocha global setup (test/support/recordedPlans.ts) leaves in bin/test/.recorded/ for the
 * specs: files its background processes write while the specs run. The setup does not hold the
 * workers back until every plan is recorded (most spec files read none); a spec that reads an
 * artifact waits for it here. Artifacts are written whole and renamed, so a reader never sees part
 * of one; a failed setup leaves `failed.txt`, which every waiting reader reports.
 */
import * as fs from "fs";
import * as path from "path";
import { projectDir } from "./fixtures";

/** The folder the global setup fills. */
export const recordDir = path.join(projectDir, "bin", "test", ".recorded");

/** Written first by the setup: the pid of the mocha process whose children write the artifacts. */
const STARTED = path.join(recordDir, "started.json");
const FAILED = path.join(recordDir, "failed.txt");

/** How long a reader waits for an artifact (a cold first run infers the package schema, about 8 s). */
const WAIT_MS = 300_000;
const POLL_MS = 20;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Writes `text` to `file` whole, then renames it into place. */
export function writeArtifact(file: string, text: string): void {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
}

/** Empties the folder and records that this process's setup is producing its artifacts. */
export function startSetup(): void {
    fs.rmSync(recordDir, { recursive: true, force: true });
    fs.mkdirSync(recordDir, { recursive: true });
    writeArtifact(STARTED, JSON.stringify({ pid: process.pid }));
}

/** Records that the setup failed, for every reader still waiting and every later one. */
export function failSetup(message: string): void {
    writeArtifact(FAILED, message);
}

/** Whether the mocha process whose setup filled the folder is still running. */
export function setupRunning(): boolean {
    try {
        const { pid } = JSON.parse(fs.readFileSync(STARTED, "utf8")) as { pid: number };
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/**
 * The artifact `file` (`what` names it in errors), waiting while the setup is still producing it.
 * Throws at once when no setup ran (a spec run without .mocharc.json) or when it failed.
 */
export function readArtifact(file: string, what: string): string {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
        if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
        if (fs.existsSync(FAILED))
            throw new Error(`no ${what}: the global setup failed: ${fs.readFileSync(FAILED, "utf8")}`);
        if (!setupRunning()) throw new Error(`no ${what} in ${recordDir}: run the specs through mocha (.mocharc.json)`);
        if (Date.now() > deadline) throw new Error(`no ${what} after ${WAIT_MS / 1000} s of the global setup`);
        Atomics.wait(sleeper, 0, 0, POLL_MS);
    }
}

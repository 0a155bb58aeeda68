/**
 * What a mocha run leaves in bin/test/.recorded/ for its specs: files that the global setup's
 * background work (test/support/recordedPlans.ts) and the workers write while the specs run. Nothing
 * holds the workers back until every artifact exists (most spec files read none); a spec that reads
 * one waits for it here. Artifacts are written whole and renamed, so a reader never sees part of
 * one. Each has a producer, the process that claimed it (`<file>.producer`) or else the mocha process
 * whose setup started (`started.json`); a reader stops waiting, with the reason, when the producer
 * recorded a failure (`<file>.failed`) or exited without writing it.
 */
import * as fs from "fs";
import * as path from "path";
import { projectDir } from "./fixtures";

/** The folder the global setup fills. */
export const recordDir = path.join(projectDir, "bin", "test", ".recorded");

/** Written first by the setup: the pid of the mocha process (the producer of unclaimed artifacts). */
const STARTED = path.join(recordDir, "started.json");

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

/** The pid in `file` (`started.json` or a producer file), if there is one. */
function pidIn(file: string): number | undefined {
    try {
        const text = fs.readFileSync(file, "utf8");
        return file === STARTED ? (JSON.parse(text) as { pid: number }).pid : Number(text);
    } catch {
        return undefined;
    }
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** Whether the mocha process whose setup filled the folder is still running. */
export function setupRunning(): boolean {
    const pid = pidIn(STARTED);
    return pid !== undefined && alive(pid);
}

/** Claims `file` for this process to produce (an exclusive producer file); false when another has. */
export function claimArtifact(file: string): boolean {
    try {
        fs.writeFileSync(`${file}.producer`, String(process.pid), { flag: "wx" });
        return true;
    } catch {
        return false;
    }
}

/** Records that producing `file` failed, for every reader waiting for it and every later one. */
export function failArtifact(file: string, message: string): void {
    writeArtifact(`${file}.failed`, message);
}

/**
 * The artifact `file` (`what` names it in errors), waiting while its producer is still at work.
 * Throws at once when no setup ran (a spec run without .mocharc.json), when producing it failed, and
 * when its producer has exited, or is this very process (whose event loop the wait would block).
 */
export function readArtifact(file: string, what: string): string {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
        if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
        if (fs.existsSync(`${file}.failed`))
            throw new Error(`no ${what}: producing it failed: ${fs.readFileSync(`${file}.failed`, "utf8")}`);
        const producer = pidIn(`${file}.producer`) ?? pidIn(STARTED);
        if (producer === undefined || !setupRunning())
            throw new Error(`no ${what} in ${recordDir}: run the specs through mocha (.mocharc.json)`);
        if (producer === process.pid) throw new Error(`no ${what} yet: this process produces it (${file})`);
        if (!alive(producer)) throw new Error(`no ${what}: process ${producer}, which was producing it, exited`);
        if (Date.now() > deadline) throw new Error(`no ${what} after ${WAIT_MS / 1000} s`);
        Atomics.wait(sleeper, 0, 0, POLL_MS);
    }
}

/**
 * Preloaded into every benchmarked process and, through NODE_OPTIONS, into every Node process
 * they start (the policy pack's own process in grpc mode): on exit, appends the process's pid,
 * peak RSS and CPU time to the file named by MLOPS_BENCH_OUT. A pack process is stopped with
 * SIGTERM, which skips `exit` handlers by default, so the probe records on SIGTERM too.
 * Wall time is measured by the parent.
 */
import * as fs from "fs";

const out = process.env.MLOPS_BENCH_OUT;
if (out) {
    let written = false;
    const record = () => {
        if (written) return;
        written = true;
        const usage = process.resourceUsage();
        const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
        fs.appendFileSync(out, `${JSON.stringify({ pid: process.pid, maxRssKb: usage.maxRSS, cpuMs })}\n`);
    };
    process.on("exit", record);
    process.once("SIGTERM", () => {
        record();
        process.exit(143);
    });
}

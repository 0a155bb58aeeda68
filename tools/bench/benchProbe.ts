/**
 * Preloaded into benchmarked processes (`node -r`): on exit, appends the process's peak RSS
 * to the file named by MLOPS_BENCH_OUT. Wall time is measured by the parent.
 */
import * as fs from "fs";

const out = process.env.MLOPS_BENCH_OUT;
if (out) {
    process.on("exit", () => {
        fs.appendFileSync(out, `${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
    });
}

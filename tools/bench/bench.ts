/**
 * `npm run bench`: wall time and peak RSS of `plan --stack prod` against the floor — a process
 * that only imports @pulumi/pulumi and @pulumi/aws — printed as ratios.
 *
 * Targets: the plan engine itself (`--no-policies`) ≤ 1.5× the floor in time and memory; the
 * policy pack, which runs in a second Node process exactly as `pulumi preview --policy-pack`
 * does (and so pays the floor again, overlapped with the program), about a second on top.
 * The plan loads the SDKs through Node's compile cache; the floor is measured both plain (the
 * target's reference) and with a warm cache, so the ratio can be read both ways.
 * Each command runs `--runs N` times (default 5) after one warm-up run; medians are reported.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

interface Sample {
    readonly wallMs: number;
    readonly maxRssMb: number;
}

const projectDir = path.resolve(__dirname, "..", "..", "..");
const probe = path.join(__dirname, "benchProbe.js");

function measure(args: string[], runs: number, extraEnv: Record<string, string> = {}): Sample[] {
    const samples: Sample[] = [];
    for (let i = -1; i < runs; i++) {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlops-bench-")), "probe.jsonl");
        const start = process.hrtime.bigint();
        const result = spawnSync(process.execPath, ["-r", probe, ...args], {
            cwd: projectDir,
            env: { ...process.env, ...extraEnv, MLOPS_BENCH_OUT: out },
            stdio: ["ignore", "ignore", "pipe"],
            encoding: "utf8",
        });
        const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
        if (result.status !== 0 && result.status !== 1) {
            throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
        }
        const { maxRssKb } = JSON.parse(fs.readFileSync(out, "utf8").trim().split("\n").pop()!);
        // Run -1 warms the file system and compile caches and is not counted.
        if (i >= 0) samples.push({ wallMs, maxRssMb: maxRssKb / 1024 });
    }
    return samples;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main(): void {
    const runsFlag = process.argv.indexOf("--runs");
    const runs = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 5;
    const floorArgs = ["-e", "require('@pulumi/pulumi'); require('@pulumi/aws');"];
    const planArgs = [path.join(__dirname, "..", "plan", "plan.js"), "--stack", "prod", "--json"];

    const floor = measure(floorArgs, runs);
    // The plan enables Node's compile cache (tools/plan/compileCache.ts); the same floor with a warm
    // cache shows how much of the ratio that cache buys.
    const cachedFloor = measure(floorArgs, runs, {
        NODE_COMPILE_CACHE: path.join(os.tmpdir(), "mlops-bench-floor-cache"),
    });
    const engine = measure([...planArgs, "--no-policies"], runs);
    const full = measure(planArgs, runs);
    const rows = [
        ["floor (import @pulumi/pulumi + @pulumi/aws)", floor],
        ["floor, warm Node compile cache", cachedFloor],
        ["plan --stack prod --no-policies", engine],
        ["plan --stack prod (with policy pack)", full],
    ] as const;

    console.log(
        `mlops-platform benchmark (${runs} runs each, median; node ${process.version}, ${os.cpus().length} cpus)`,
    );
    console.log("");
    console.log(`${"command".padEnd(46)}${"wall ms".padStart(10)}${"peak RSS MB".padStart(14)}`);
    for (const [label, samples] of rows) {
        console.log(
            `${label.padEnd(46)}${median(samples.map((s) => s.wallMs))
                .toFixed(0)
                .padStart(10)}${median(samples.map((s) => s.maxRssMb))
                .toFixed(1)
                .padStart(14)}`,
        );
    }
    const wall = (samples: readonly Sample[]) => median(samples.map((s) => s.wallMs));
    const rss = (samples: readonly Sample[]) => median(samples.map((s) => s.maxRssMb));
    const timeRatio = wall(engine) / wall(floor);
    const memRatio = rss(engine) / rss(floor);
    const policyMs = wall(full) - wall(engine);
    console.log("");
    console.log(
        `plan engine/floor time ratio:   ${timeRatio.toFixed(2)}x (target <= 1.50x) ${timeRatio <= 1.5 ? "ok" : "OVER TARGET"}`,
    );
    console.log(
        `plan engine/floor memory ratio: ${memRatio.toFixed(2)}x (target <= 1.50x) ${memRatio <= 1.5 ? "ok" : "OVER TARGET"}`,
    );
    console.log(
        `policy pack on top:             ${policyMs.toFixed(0)} ms (target about 1000 ms) ${policyMs <= 1100 ? "ok" : "OVER TARGET"}`,
    );
    console.log(
        `full plan/floor time ratio:     ${(wall(full) / wall(floor)).toFixed(2)}x (informational: includes a second Node process for the pack)`,
    );
    console.log(
        `plan engine/cached floor:       ${(wall(engine) / wall(cachedFloor)).toFixed(2)}x (informational: both with a warm compile cache)`,
    );
}

main();

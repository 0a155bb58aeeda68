/**
 * Offline plan engine: `npm run plan [-- --stack prod | --config-file F] [--json]`.
 *
 * Reads Pulumi.yaml and the stack file, validates the config, runs the stack program under
 * Pulumi's mock runtime with AWS-shaped mocks, records every resource the program registers and
 * runs the policy pack over them. No Pulumi CLI and no cloud account are involved.
 *
 * Exit codes: 0 planned with no mandatory violation, 1 mandatory policy violations,
 * 2 invalid config or program error (a readable message, never a stack trace).
 */
import "../shared/deferSdkLoads";
import "./compileCache";
import * as fs from "fs";
import * as path from "path";
// Only what parses the flags and reads the stack files is loaded up front: a usage error or a
// missing stack file is reported before the SDKs load (see planStack for the rest).
import type { PlatformConfig } from "../../components/platform/platformConfig";
import { renderDiagram } from "./diagram";
import { exitWhenStalled, FlagSpec, parseFlags, UsageError } from "../shared/cli";
import { POLICY_MODES, PolicyMode } from "../policy/packClient";
import type { PlanDocument } from "./planDocument";
import { renderSummary } from "./render/summary";
import { renderVerbose } from "./render/verbose";
import { DEFAULT_WIDTH, outputWidth } from "./render/wrap";
import { loadStack, StackFileError } from "./stackFiles";
import { planCost, renderCost } from "./cost/costReport";
import { estimateDeploy, loadCreateTimes, renderDeploy } from "./cost/deployTime";

export type { PlanDocument } from "./planDocument";

interface CliOptions {
    stack?: string;
    configFile?: string;
    configValues?: string;
    policyConfigFile?: string;
    policies: boolean;
    policyMode: string;
    json: boolean;
    diagram: boolean;
    verbose: boolean;
    out?: string;
    cost: boolean;
}

const USAGE = `usage: npm run plan -- [--stack <name>] [--config-file <Pulumi.<stack>.yaml>] [--config-values <file>]
         [--policy-config <file> | --no-policies] [--policy-mode in-process|grpc]
         [--verbose | --json | --diagram] [--cost] [--out <file>]

  --stack <name>        plan Pulumi.<name>.yaml (default: dev)
  --config-file <file>  plan any stack config file
  --config-values <f>   resolved ESC values (pulumi env open <org>/<env> --format json), under the stack's config
  --policy-config <f>   policy enforcement config, as for pulumi preview --policy-pack-config
  --no-policies         skip the policy pack (like pulumi preview without --policy-pack)
  --policy-mode <mode>  in-process (default): the pack's @pulumi/policy handlers in this process;
                        grpc: the pack in its own process over the Analyzer protocol, as the engine runs it
  (no format flag)      print a summary per component: resource counts by type, protections, the important
                        settings, outputs and violations, wrapped to the terminal (120 columns when not a TTY)
  --verbose, -v         print every resource under its component with every input, pretty-printed
  --json                print one JSON document {stack, resources, outputs, violations}
  --cost                add the monthly cost estimate (JSON member cost, or a table after the plan)
  --diagram             print the architecture as a Mermaid flowchart (data flows from IAM grants)
  --out <file>          write the plan, JSON document or diagram to <file> instead of stdout
                        (or run \`npm run -s plan -- ...\`: npm prints its own banner on stdout)

exit codes: 0 planned, no mandatory violation; 1 mandatory policy violations; 2 invalid config or program error`;

const FLAGS: Record<string, FlagSpec<CliOptions>> = {
    "--stack": { key: "stack", value: true },
    "-s": { key: "stack", value: true },
    "--config-file": { key: "configFile", value: true },
    "--config-values": { key: "configValues", value: true },
    "--policy-config": { key: "policyConfigFile", value: true },
    "--no-policies": { key: "policies", set: false },
    "--policy-mode": { key: "policyMode", value: true },
    "--json": { key: "json", set: true },
    "--diagram": { key: "diagram", set: true },
    "--verbose": { key: "verbose", set: true },
    "-v": { key: "verbose", set: true },
    "--out": { key: "out", value: true },
    "--cost": { key: "cost", set: true },
};

/** The plan's flags, validated (a UsageError otherwise). */
export function parseArgs(argv: readonly string[]): CliOptions & { policyMode: PolicyMode } {
    const options = parseFlags<CliOptions>(argv, FLAGS, USAGE, {
        policies: true,
        policyMode: "in-process",
        json: false,
        diagram: false,
        verbose: false,
        cost: false,
    });
    if ([options.json, options.diagram, options.verbose].filter(Boolean).length > 1)
        throw new UsageError(`--json, --diagram and --verbose are exclusive\n\n${USAGE}`);
    if (!(POLICY_MODES as readonly string[]).includes(options.policyMode))
        throw new UsageError(`--policy-mode must be one of ${POLICY_MODES.join(", ")}\n\n${USAGE}`);
    return options as CliOptions & { policyMode: PolicyMode };
}

/**
 * Plans a stack in this process. Plans run one after another (the Pulumi runtime is global): each
 * starts a fresh mock run and runs the program anew, so one process can plan several stacks.
 */
export async function planStack(
    projectDir: string,
    options: {
        stack?: string;
        configFile?: string;
        configValues?: string;
        policyConfigFile?: string;
        policies?: boolean;
        policyMode?: PolicyMode;
    },
): Promise<{ document: PlanDocument; config: PlatformConfig; stackConfig: Record<string, unknown> }> {
    // Like the Pulumi CLI, run the program from the project directory (relative paths in config).
    const configFile = options.configFile && path.resolve(options.configFile);
    const configValues = options.configValues && path.resolve(options.configValues);
    const policyConfigFile = options.policyConfigFile && path.resolve(options.policyConfigFile);
    process.chdir(projectDir);
    const files = loadStack(projectDir, { stack: options.stack, configFile, configValues });
    const policyConfig = policyConfigFile ? readPolicyConfig(policyConfigFile) : undefined;
    // The SDKs load from here on (the config errors are Pulumi RunErrors).
    const { readPlatformConfig } = await import("../../components/platform/platformConfig");
    const { stackTags } = await import("../../components/core/tags");
    const { settle, startMockRun, valueOf } = await import("./recorder");
    // Validate before the program runs so that a bad config registers nothing.
    const config = readPlatformConfig(files.config);
    const policyOptions = {
        project: files.project,
        stack: files.stack,
        environment: config.environment,
        requiredTags: stackTags(config.environment, config.tags),
        stackConfig: files.config,
        policyMode: options.policyMode ?? "in-process",
        ...(policyConfig ? { policyConfig } : {}),
    };
    const runPolicies = options.policies ?? true;
    // In grpc mode the pack starts in its own process while the program runs here.
    if (runPolicies && policyOptions.policyMode === "grpc")
        (await import("../policy/packProcess")).prestartPolicyPack(policyOptions);
    const recorder = startMockRun({
        project: files.project,
        stack: files.stack,
        config: files.config,
        secretKeys: files.secretKeys,
    });
    // The program runs when its module loads: drop a previous plan's copy so that it runs again.
    const programFile = path.join(__dirname, "..", "..", "index.js");
    delete require.cache[programFile];
    const program = require(programFile) as Record<string, unknown>;
    await settle();
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(program)) {
        outputs[key] = await valueOf(value);
    }
    const violations = runPolicies
        ? await (await import("../policy/policyRunner")).runPolicyPack(recorder.resources, policyOptions)
        : [];
    return {
        document: { stack: files.stack, resources: recorder.resources, outputs, violations },
        config,
        stackConfig: files.config,
    };
}

function readPolicyConfig(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new StackFileError(`cannot read policy config ${file}`);
    }
    try {
        return JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
        throw new StackFileError(`${file}: invalid JSON: ${(err as Error).message}`);
    }
}

function writeOut(file: string, text: string): void {
    try {
        fs.writeFileSync(file, text);
    } catch (err) {
        throw new StackFileError(`cannot write ${file}: ${(err as Error).message}`);
    }
}

/** The text plan: the summary wrapped to `width` (default 120), or with `--verbose` every input. */
export function renderText(
    doc: PlanDocument,
    options: { readonly policies?: boolean; readonly verbose?: boolean },
    width = DEFAULT_WIDTH,
): string {
    const policiesRun = options.policies ?? true;
    return options.verbose ? renderVerbose(doc, policiesRun) : renderSummary(doc, { policiesRun, width });
}

/** Message for an error that ends the plan with exit 2. */
export function describeFailure(err: unknown): string {
    // By name: configErrors.ts (and with it the SDK) may not be loaded when the flags are wrong.
    const isConfigError = err instanceof Error && err.name === "ConfigError";
    if (isConfigError || err instanceof StackFileError || err instanceof UsageError) return (err as Error).message;
    const message = err instanceof Error ? err.message : String(err);
    return `program error: ${message}`;
}

/**
 * What the CLI prints for `argv` (or writes to `--out`, resolved here) and its exit code, planned in
 * this process: the CLI itself, and the test bootstrap that records the shared plans with it.
 */
export async function planOutput(argv: readonly string[]): Promise<{ text: string; out?: string; code: number }> {
    const options = parseArgs(argv);
    const projectDir = path.resolve(__dirname, "..", "..", "..");
    // Resolved before planStack moves to the project directory.
    const out = options.out === undefined ? undefined : path.resolve(options.out);
    const planned = await planStack(projectDir, options);
    const cost = options.cost ? planCost(planned.document.resources, planned.stackConfig) : undefined;
    const deploy = options.cost ? estimateDeploy(planned.document.resources, loadCreateTimes()) : undefined;
    const document: PlanDocument = cost && deploy ? { ...planned.document, cost, deploy } : planned.document;
    const costText = cost && deploy ? `\n${renderCost(cost)}\n${renderDeploy(deploy)}\n` : "";
    // A file gets the width of a pipe; a terminal its own columns.
    const width = out === undefined ? outputWidth(process.stdout) : DEFAULT_WIDTH;
    const text = options.diagram
        ? renderDiagram(document.resources)
        : options.json
          ? `${JSON.stringify(document, null, 2)}\n`
          : `${renderText(document, options, width)}\n${costText}`;
    const code = document.violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
    return { text, ...(out === undefined ? {} : { out }), code };
}

async function main(argv: readonly string[]): Promise<number> {
    const fail = (err: unknown) => {
        process.stderr.write(`error: ${describeFailure(err)}\n`, () => process.exit(2));
    };
    // Errors raised inside Output callbacks surface asynchronously.
    process.on("unhandledRejection", fail);
    process.on("uncaughtException", fail);
    try {
        const { text, out, code } = await planOutput(argv);
        // stdout carries only the document; --out keeps it clear of whatever npm prints there.
        if (out !== undefined) writeOut(out, text);
        else process.stdout.write(text);
        return code;
    } catch (err) {
        if (err instanceof UsageError && err.help) {
            process.stdout.write(`${err.message}\n`);
            return 0;
        }
        fail(err);
        return new Promise<number>(() => undefined); // fail() exits once stderr is flushed
    }
}

if (require.main === module) {
    // The policy SDK throws an error for every resource a typed policy skips (policy.js
    // `notApplicableType`); a plan never prints their stack traces, and capturing them was about a
    // tenth of the run time. Source positions of resources are unaffected: the SDK raises the
    // limit for those itself.
    Error.stackTraceLimit = 0;
    // The SDK's own leak report is off in a mock run (./mockRunDiagnostics.ts).
    exitWhenStalled("program error: the program left outputs that never resolve");
    // Exit only once stdout is flushed: a piped `--json` document can be larger than one write.
    main(process.argv.slice(2)).then((code) => process.stdout.write("", () => process.exit(code)));
}

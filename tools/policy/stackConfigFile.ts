/**
 * The stack config a pack reads, written to a file whose path the pack gets in
 * `MLOPS_POLICY_STACK_CONFIG_FILE` (policies/lib/environment.ts). An environment variable
 * (`PULUMI_CONFIG`, as the Pulumi CLI passes it) is capped at 128 KiB by Linux, and a stack of about
 * 495 feature views already failed to spawn the pack with `E2BIG`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyRunOptions } from "./types";

/** The environment variable naming the file (kept equal to STACK_CONFIG_FILE_ENV of the pack). */
export const STACK_CONFIG_FILE_ENV = "MLOPS_POLICY_STACK_CONFIG_FILE";

/** The config object the pack sees: the stack's flat config plus the environment and required tags. */
export function packStackConfig(options: PolicyRunOptions): Record<string, unknown> {
    return {
        ...(options.stackConfig ?? {}),
        "mlops-platform:environment": options.environment,
        ...(options.requiredTags ? { "mlops-platform:tags": JSON.stringify(options.requiredTags) } : {}),
    };
}

/** A written config file and how to remove it. */
export interface StackConfigFile {
    readonly path: string;
    remove(): void;
}

/** Writes the pack's stack config to a private temporary file. */
export function writeStackConfigFile(options: PolicyRunOptions): StackConfigFile {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-pack-config-"));
    const file = path.join(dir, "stack-config.json");
    fs.writeFileSync(file, JSON.stringify(packStackConfig(options)), { mode: 0o600 });
    return { path: file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

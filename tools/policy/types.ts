/**
 * What the policy runner takes and returns: its options (the pack process and its config) and the
 * violations it reports. Shared by the pack process, the protocol conversion and the config.
 */

/** One policy violation reported by the pack. */
export interface PolicyViolation {
    /** Policy name, e.g. `s3-public-access-block`. */
    policy: string;
    /** Enforcement level the violation was reported at (after policy config). */
    enforcementLevel: "mandatory" | "advisory";
    /** URN of the resource at fault (the root stack URN when a stack policy names none). */
    urn: string;
    /** What is wrong and what to change. */
    message: string;
}

import type { PolicyMode } from "./packClient";

/** Enforcement levels a policy config may set. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** Options for {@link runPolicyPack}. */
export interface PolicyRunOptions {
    /** Pulumi project name. */
    project: string;
    /** Stack name. */
    stack: string;
    /** Environment the stack deploys; environment-dependent policies get it as their `environment` config. */
    environment: "dev" | "staging" | "prod";
    /** Configured tags (stack config `mlops-platform:tags`), required on every taggable resource. */
    requiredTags?: Record<string, string>;
    /**
     * Policy config in the format of `pulumi preview --policy-pack-config <file>`: `{ "all": level }`
     * and per policy either a level or `{ enforcementLevel?, ...properties }`.
     */
    policyConfig?: Record<string, unknown>;
    /**
     * How the pack runs: `in-process` (default: the same @pulumi/policy handlers in this process) or
     * `grpc` (the pack's own process over the Analyzer protocol, exactly as the engine runs it).
     */
    policyMode?: PolicyMode;
    /** Flat stack config (`namespace:key` → value), handed to the pack in a file (see stackConfigFile.ts). */
    stackConfig?: Record<string, unknown>;
    /** Folder of the pack (holds PulumiPolicy.yaml and package.json). Default: `policies/` of this repository. */
    packDir?: string;
    /** Compiled pack program. Default: `bin/policies/index.js` of this repository. */
    program?: string;
    /**
     * How the pack is started: `node` runs `program` directly (fast, the offline plan's way);
     * `run-policy-pack` starts `packDir` through @pulumi/pulumi's `cmd/run-policy-pack` with an engine
     * address first, exactly as the CLI's nodejs language host does (it loads package.json `main`).
     */
    launcher?: "node" | "run-policy-pack";
    /** How long to wait for the pack to start, in ms (default 120 000). */
    startTimeoutMs?: number;
}

/**
 * The in-process policy mode reports exactly what the gRPC path (the pack's own process, as
 * `pulumi preview --policy-pack` runs it) reports, on the repository's stacks: the recorded dev and
 * prod plans ran with `--policy-mode grpc` (test/support/recordedPlans.ts), and the same resources
 * and options go through the in-process handlers here. The stack config reaches the pack through a
 * file in both modes, so a stack of 1,000 feature views no longer overflows the environment.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { readPlatformConfig } from "../../components/platform/platformConfig";
import { stackTags } from "../../components/core/tags";
import { loadStack } from "../../tools/plan/stackFiles";
import { runPolicyPack } from "../../tools/policy/policyRunner";
import { STACK_CONFIG_FILE_ENV } from "../../tools/policy/stackConfigFile";
import { PolicyRunOptions } from "../../tools/policy/types";
import { STACK_CONFIG_FILE_ENV as PACK_STACK_CONFIG_FILE_ENV } from "../../policies/lib/environment";
import { projectDir } from "../support/fixtures";
import { RecordedName, recordedPlan } from "../support/recordedPlans";

/** The options the plan CLI gives the runner for a stack (tools/plan/plan.ts planStack). */
function optionsOf(stack: RecordedName): PolicyRunOptions {
    const files = loadStack(projectDir, { stack });
    const config = readPlatformConfig(files.config);
    return {
        project: files.project,
        stack: files.stack,
        environment: config.environment,
        requiredTags: stackTags(config.environment, config.tags),
        stackConfig: files.config,
    };
}

describe("policy modes: in-process reports what the gRPC pack process reports", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: identical violations, in order, with identical messages`, async () => {
            const recorded = recordedPlan(stack);
            assert.strictEqual(recorded.code, 0, recorded.stderr);
            const inProcess = await runPolicyPack(recorded.doc.resources, {
                ...optionsOf(stack),
                policyMode: "in-process",
            });
            assert.deepStrictEqual(inProcess, recorded.doc.violations);
        });
    }

    it("the recorded plans are not trivially clean: dev has its one advisory, prod none", () => {
        assert.deepStrictEqual(
            recordedPlan("dev")
                .doc.violations.map((v) => v.policy)
                .sort(),
            ["kms-key-deletion-window"],
        );
        assert.deepStrictEqual(recordedPlan("prod").doc.violations, []);
    });

    it("the plan tools and the pack name the same config-file variable", () => {
        assert.strictEqual(STACK_CONFIG_FILE_ENV, PACK_STACK_CONFIG_FILE_ENV);
    });

    it(
        "dev with every policy mandatory and 1,000 feature views in its config: identical in both modes (was " +
            "spawn E2BIG)",
        async () => {
            // One pack process for both properties: each spawn costs the policy SDK's whole start-up.
            const policyConfig = JSON.parse(
                fs.readFileSync(path.join(projectDir, "test", "fixtures", "policy-all-mandatory.json"), "utf8"),
            ) as Record<string, unknown>;
            const options = { ...optionsOf("dev"), policyConfig };
            const featureStore = JSON.parse(options.stackConfig!["mlops-platform:featureStore"] as string) as {
                featureViews: Record<string, unknown>[];
            };
            const [view] = featureStore.featureViews;
            featureStore.featureViews = Array.from({ length: 1000 }, (_, i) => ({
                ...view,
                name: `view_${String(i).padStart(4, "0")}`,
            }));
            const stackConfig = { ...options.stackConfig, "mlops-platform:featureStore": JSON.stringify(featureStore) };
            // Far above the 128 KiB Linux allows one environment variable (MAX_ARG_STRLEN).
            assert.ok(JSON.stringify(stackConfig).length > 256 * 1024);
            const resources = recordedPlan("dev").doc.resources;
            const grpc = await runPolicyPack(resources, { ...options, stackConfig, policyMode: "grpc" });
            const inProcess = await runPolicyPack(resources, { ...options, stackConfig, policyMode: "in-process" });
            assert.deepStrictEqual(inProcess, grpc);
            assert.deepStrictEqual(
                grpc.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy),
                ["kms-key-deletion-window"],
            );
        },
    );
});

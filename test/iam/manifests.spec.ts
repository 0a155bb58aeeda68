/**
 * Call manifests (test/iam/manifests/) against the planned dev and prod stacks, evaluated by
 * @cloud-copilot/iam-simulate with the planned identity policies and the resource policies each call meets:
 * every call Allowed, every denial not, every planned grant needed by some call.
 */
import * as assert from "assert";
import { RecordedName, recordedPlan } from "../support/recordedPlans";
import { MANIFESTS, UNNEEDED_GRANT_EXCEPTIONS } from "./manifests";
import type { PlannedStack } from "./manifests/types";
import {
    allowedDenials,
    appliesTo,
    deniedCalls,
    ManifestEnvironment,
    recordedEnvironment,
    staleExceptions,
    unneededGrants,
    unneededKeyPolicyGrants,
} from "./manifestChecks";

const STACKS: readonly PlannedStack[] = ["dev", "prod"];
/** Prod as the runbook leaves it (serving on): the shipped prod stack plans no serving or monitor role. */
const RECORDING: Record<PlannedStack, RecordedName> = { dev: "dev", prod: "prodServing" };
const environments = new Map<PlannedStack, ManifestEnvironment>();
const envOf = (stack: PlannedStack) => {
    if (!environments.has(stack)) environments.set(stack, recordedEnvironment(stack, recordedPlan(RECORDING[stack])));
    return environments.get(stack)!;
};

for (const stack of STACKS) {
    describe(`call manifests against the planned ${stack} stack (iam-simulate)`, function () {
        this.timeout(300_000);

        for (const { file, manifest } of MANIFESTS) {
            if (manifest.stacks !== undefined && !manifest.stacks.includes(stack)) continue;
            describe(`${manifest.principal} (${file})`, () => {
                const calls = manifest.calls.filter((c) => c.stacks === undefined || c.stacks.includes(stack));
                it(`is allowed each of its ${calls.length} calls`, async () => {
                    const failures = await deniedCalls(envOf(stack), manifest, file);
                    if (failures.length > 0) assert.fail(failures.join("\n"));
                });
                it(`is denied each of its ${manifest.denied.length} denied calls`, async () => {
                    const failures = await allowedDenials(envOf(stack), manifest, file);
                    if (failures.length > 0) assert.fail(failures.join("\n"));
                });
            });
        }

        const roleSelectors = [...new Set(MANIFESTS.map((m) => m.manifest.selector))].filter((s) =>
            s.startsWith("role:"),
        );
        for (const selector of roleSelectors) {
            it(`${selector}: every planned grant is needed by a manifest call`, async function () {
                const env = envOf(stack);
                if (!MANIFESTS.some((m) => m.manifest.selector === selector && appliesTo(env, m.manifest))) this.skip();
                const failures = await unneededGrants(env, selector);
                if (failures.length > 0) assert.fail(failures.join("\n"));
            });
        }

        it("the stack key's policy: every action and listed service is needed by a manifest call", async () => {
            const failures = await unneededKeyPolicyGrants(envOf(stack));
            if (failures.length > 0) assert.fail(failures.join("\n"));
        });

        it("every planned role has a manifest", () => {
            const env = envOf(stack);
            const covered = new Set(
                MANIFESTS.filter((m) => appliesTo(env, m.manifest)).map((m) => m.manifest.selector),
            );
            const missing = env.roles
                .map((r) => `role:${r.logicalName.slice(env.plan.prefix.length + 1)}`)
                .filter((selector) => !covered.has(selector));
            assert.deepStrictEqual(missing, [], `roles planned in ${stack} without a manifest: ${missing.join(", ")}`);
        });
    });
}

describe("unneeded-grant exceptions", () => {
    it(`each of the ${Object.keys(UNNEEDED_GRANT_EXCEPTIONS).length} still matches a planned grant`, () => {
        const stale = staleExceptions(STACKS.map(envOf));
        assert.deepStrictEqual(stale, [], `stale exceptions (remove them): ${stale.join("; ")}`);
    });
});

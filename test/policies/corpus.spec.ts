/**
 * Corpus of insecure single changes to the planned prod stack (issue 15): each case applies ONE
 * change a security reviewer would block to a copy of the recorder's prod plan and asserts that the
 * expected policy reports it as mandatory. The unchanged plan reports nothing mandatory. Classes
 * follow docs/security-coverage.md.
 */
import * as assert from "assert";
import { PlannedResource } from "../../tools/plan/recorder";
import { recordedPlan } from "../support/recordedPlans";
import { ACCESS_CASES } from "./corpusAccessCases";
import { DATA_CASES } from "./corpusDataCases";
import { NAME_ONLY_CASES } from "./corpusNameOnlyCases";
import { Plan } from "./corpusPlan";
import { runPoliciesInProcess } from "./planPolicies";
import { allPolicies } from "../../policies/policies";

const CASES = [...ACCESS_CASES, ...DATA_CASES, ...NAME_ONLY_CASES];

const CONFIG = { environment: "prod" };

describe("insecure single changes to the prod plan (corpus)", function () {
    this.timeout(180_000);
    let base: PlannedResource[];
    before(() => {
        // Prod as the runbook leaves it (serving on), recorded once per mocha run.
        const run = recordedPlan("prodServing");
        assert.strictEqual(run.code, 0, run.stderr);
        base = run.doc.resources as PlannedResource[];
    });

    it("the unchanged prod plan reports no mandatory violation in-process", async () => {
        const found = await runPoliciesInProcess(base, CONFIG);
        assert.deepStrictEqual(
            found.filter((v) => v.enforcementLevel === "mandatory"),
            [],
        );
    });

    it(`the corpus has ${CASES.length} cases covering every class of issue 15`, () => {
        assert.ok(CASES.length >= 56, `${CASES.length} cases`);
        assert.deepStrictEqual([...new Set(CASES.map((c) => c.cls))].sort(), [
            "credentials",
            "detective",
            "encryption",
            "identity",
            "managed",
            "nameOnly",
            "network",
            "principals",
            "references",
        ]);
    });

    for (const c of CASES) {
        it(`[${c.cls}] ${c.change} → ${c.policy} (mandatory)`, async () => {
            const plan = new Plan(base);
            c.apply(plan);
            // Only the policy under test: the whole pack per case was most of the suite's CPU time,
            // and the unchanged plan's run above already shows that nothing else is mandatory.
            const found = await runPoliciesInProcess(
                plan.resources,
                CONFIG,
                allPolicies.filter((p) => p.name === c.policy),
            );
            const hits = found.filter((v) => v.policy === c.policy && v.enforcementLevel === "mandatory");
            assert.ok(
                hits.length > 0,
                `${c.policy} did not report it; it reported: ${JSON.stringify(found.map((v) => v.message))}`,
            );
        });
    }
});

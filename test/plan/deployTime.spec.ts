import * as assert from "assert";
import type { PlannedResource } from "../../tools/plan/recorder";
import { estimateDeploy, loadCreateTimes } from "../../tools/plan/cost/deployTime";
import { recordedPlan } from "../support/recordedPlans";

const node = (urn: string, type: string, dependencies: string[] = [], parent?: string): PlannedResource => ({
    urn,
    type,
    name: urn,
    custom: true,
    ...(parent ? { parent } : {}),
    inputs: {},
    outputs: {},
    dependencies,
    propertyDependencies: {},
    protect: false,
    retainOnDelete: false,
    deleteBeforeReplace: false,
    ignoreChanges: [],
});

describe("deploy-time estimate (tools/plan/cost/deployTime)", () => {
    const times = [
        { type: "slow", minutes: 20, range: "", source: "test", readOn: "2026-12-01" },
        { type: "mid", minutes: 7, range: "", source: "test", readOn: "2026-12-01" },
    ];

    it("takes the longest chain through dependencies and parents, unsourced types count 0", () => {
        const resources = [
            node("a", "mid"),
            node("b", "other", ["a"]),
            node("c", "slow", ["b"]),
            node("d", "mid", [], "c"),
            node("e", "slow"),
        ];
        const d = estimateDeploy(resources, times);
        assert.strictEqual(d.criticalPathMinutes, 34);
        assert.deepStrictEqual(d.path, ["a", "c", "d"]);
        assert.deepStrictEqual(d.slowestResource, { urn: "c", minutes: 20 });
        assert.deepStrictEqual(d.unsourcedTypes, ["other"]);
    });

    it("every create-time entry names its source and date", () => {
        for (const t of loadCreateTimes()) {
            assert.ok(t.source.length > 10, t.type);
            assert.match(t.readOn, /^\d{4}-\d{2}-\d{2}$/, t.type);
        }
    });

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: criticalPathMinutes ≤ 1.15 × the slowest resource (MWAA), nothing weighted waits before it`, () => {
            // What `plan --cost` computes (its CLI path: test/plan/costEstimate.spec.ts), on the recorded plan.
            const d = estimateDeploy(recordedPlan(stack as "dev" | "prod").doc.resources, loadCreateTimes());
            assert.match(d.slowestResource.urn, /aws:mwaa\/environment:Environment/);
            assert.ok(d.criticalPathMinutes <= 1.15 * d.slowestResource.minutes, JSON.stringify(d));
        });
    }
});

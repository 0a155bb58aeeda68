import * as assert from "assert";
import { FeatureStore, FeatureStoreArgs } from "../../components/featureStore/featureStore";
import { settle, startMockRun } from "../../tools/plan/recorder";
import { errorMessage } from "../support/helpers";
import { args } from "../support/featureStoreFixtures";

describe("FeatureStore", () => {
    describe("bad arguments are rejected before anything is registered", () => {
        const cases: [string, Partial<FeatureStoreArgs>, string][] = [
            ["bad project name", { project: "Bad-Name" }, "project: must start with a lower-case letter"],
            [
                "duplicate feature view",
                { featureViews: [args().featureViews[0], args().featureViews[0]] },
                'featureViews[1].name: duplicate feature view "customer_rfm_features"',
            ],
            [
                "a shared entity with two join keys",
                {
                    featureViews: [
                        args().featureViews[0],
                        { name: "v", entity: "customer", joinKey: "customer_no", features: { f: "int32" } },
                    ],
                },
                'featureViews[1].entity: entity "customer" is declared by featureViews[0] with join key ' +
                    "customerid (string); Feast keeps one entity per name",
            ],
            [
                "bad feature type",
                { featureViews: [{ name: "v", entity: "e", joinKey: "k", features: { f: "integer" as never } }] },
                'featureViews[0].features.f: must be one of "int32"',
            ],
            ["encryptDataCatalog not a boolean", { encryptDataCatalog: "yes" as never }, "encryptDataCatalog: "],
        ];
        for (const [title, overrides, expected] of cases) {
            it(title, async () => {
                const rec = startMockRun({ stack: "dev" });
                const message = errorMessage(() => new FeatureStore("fs", args(overrides)));
                assert.ok(message.startsWith("invalid arguments of FeatureStore fs:\n  - "), message);
                assert.ok(message.includes(expected), message);
                await settle();
                assert.deepStrictEqual(rec.resources, []);
            });
        }
    });
});

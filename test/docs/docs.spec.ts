import * as assert from "assert";
import { PAGES, renderPages } from "../../tools/docs/docs";
import { awaitSchemaCaches, recordedPlan } from "../support/recordedPlans";

describe("generated documentation pages", function () {
    this.timeout(300_000);

    it(`every generated page is current: ${PAGES.map((p) => p.file).join(", ")} (npm run docs)`, async () => {
        // The README's diagram from the recorded dev plan: the plan `npm run docs` runs, already run once.
        const devResources = recordedPlan("dev").doc.resources;
        awaitSchemaCaches();
        const stale = (await renderPages({ devResources })).filter((p) => p.expected !== p.current).map((p) => p.file);
        assert.deepStrictEqual(stale, [], `stale: ${stale.join(", ")}; run \`npm run docs\` and commit the result`);
    });
});

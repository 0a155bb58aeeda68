import * as assert from "assert";
import * as fs from "fs";
import { renderReadme } from "../../tools/docs/docs";
import { renderDiagram } from "../../tools/plan/diagram";
import { readmePath } from "../support/fixtures";
import { recordedPlan } from "../support/recordedPlans";

describe("README generated sections", function () {
    this.timeout(120_000);

    it("component reference and architecture diagram are current (npm run docs)", async () => {
        const readme = fs.readFileSync(readmePath, "utf8");
        // The diagram `plan --stack dev --diagram` prints, from the dev plan the specs share.
        const expected = await renderReadme(readme, renderDiagram(recordedPlan("dev").doc.resources));
        assert.ok(expected === readme, "README.md is stale: run `npm run docs` and commit the result");
    });
});

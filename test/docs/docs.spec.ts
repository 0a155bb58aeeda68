import * as assert from "assert";
import * as fs from "fs";
import { renderReadme } from "../../tools/docs/docs";
import { readmePath } from "../support/fixtures";

describe("README generated sections", function () {
    this.timeout(120_000);

    it("component reference and architecture diagram are current (npm run docs)", async () => {
        const readme = fs.readFileSync(readmePath, "utf8");
        const expected = await renderReadme(readme);
        assert.ok(expected === readme, "README.md is stale: run `npm run docs` and commit the result");
    });
});

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { renderReadme } from "../tools/docs";

describe("README generated sections", function () {
    this.timeout(120_000);

    it("component reference and architecture diagram are current (npm run docs)", async () => {
        const readme = fs.readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");
        const expected = await renderReadme(readme);
        assert.ok(expected === readme, "README.md is stale: run `npm run docs` and commit the result");
    });
});

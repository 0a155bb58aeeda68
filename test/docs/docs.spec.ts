import * as assert from "assert";
import { PAGES, renderPages } from "../../tools/docs/docs";

describe("generated documentation pages", function () {
    this.timeout(300_000);

    it(`every generated page is current: ${PAGES.map((p) => p.file).join(", ")} (npm run docs)`, async () => {
        const stale = (await renderPages()).filter((p) => p.expected !== p.current).map((p) => p.file);
        assert.deepStrictEqual(stale, [], `stale: ${stale.join(", ")}; run \`npm run docs\` and commit the result`);
    });
});

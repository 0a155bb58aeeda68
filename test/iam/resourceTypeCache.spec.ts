import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { RESOURCE_TYPES_CALLERS, RESOURCE_TYPES_MODULE, SIMULATOR_DIR } from "./resourceTypeCache";

const resourceTypes = require(path.join(SIMULATOR_DIR, RESOURCE_TYPES_MODULE)) as {
    getResourceTypesForAction(service: string, action: string, resource: string): Promise<{ key: string }[]>;
};

describe("iam-simulate's resource types, remembered per request (test/iam/resourceTypeCache.ts)", () => {
    it("the simulator calls getResourceTypesForAction only through its module object, from these files", () => {
        const dist = path.join(SIMULATOR_DIR, "dist", "cjs");
        const callers = fs
            .readdirSync(dist, { recursive: true, encoding: "utf8" })
            .filter((f) => f.endsWith(".js") && path.join("dist", "cjs", f) !== RESOURCE_TYPES_MODULE)
            .filter((f) => fs.readFileSync(path.join(dist, f), "utf8").includes("getResourceTypesForAction"))
            .map((f) => path.join("dist", "cjs", f))
            .sort();
        assert.deepStrictEqual(callers, RESOURCE_TYPES_CALLERS);
        for (const file of callers) {
            const source = fs.readFileSync(path.join(SIMULATOR_DIR, file), "utf8");
            const uses = source.match(/getResourceTypesForAction/g)!.length;
            const viaModule = source.match(/\(0, resourceTypes_js_1\.getResourceTypesForAction\)\(/g)?.length ?? 0;
            assert.strictEqual(viaModule, uses, `${file} calls getResourceTypesForAction other than by its module`);
        }
    });

    it("answers a repeated request with an equal list of its own, and an invalid one with the same error", async () => {
        const arn = "arn:aws:s3:::mlops-dev-raw/features/part-0.parquet";
        const first = await resourceTypes.getResourceTypesForAction("s3", "GetObject", arn);
        const again = await resourceTypes.getResourceTypesForAction("s3", "GetObject", arn);
        assert.deepStrictEqual(
            first.map((t) => t.key),
            ["object"],
        );
        assert.deepStrictEqual(again, first);
        assert.notStrictEqual(again, first);
        for (let i = 0; i < 2; i++)
            await assert.rejects(
                resourceTypes.getResourceTypesForAction("s3", "ListAllMyBuckets", "*"),
                /s3:ListAllMyBuckets does not have any resource types/,
            );
    });
});

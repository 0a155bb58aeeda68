/**
 * The pack's stand-ins for the AWS resource classes (policies/lib/awsResources.ts) carry exactly the type
 * tokens of @pulumi/aws's classes, so `validateResourceOfType` filters the same resources as with the
 * classes themselves, and the pack's process never loads the provider SDK.
 */
import * as assert from "assert";
import * as sdk from "@pulumi/aws";
import { spawnSync } from "child_process";
import * as path from "path";
import { aws } from "../../policies/lib/awsResources";
import { projectDir } from "../support/fixtures";

describe("policy pack: AWS resource classes as type tokens", () => {
    it("every stand-in's __pulumiType equals the @pulumi/aws class's", () => {
        const modules = sdk as unknown as Record<string, Record<string, { __pulumiType: string }>>;
        const entries = Object.entries(aws).flatMap(([module, classes]) =>
            Object.entries(classes).map(([name, stand]) => ({ module, name, stand })),
        );
        assert.strictEqual(entries.length, 35);
        for (const { module, name, stand } of entries) {
            const token = (stand as unknown as { __pulumiType: string }).__pulumiType;
            assert.strictEqual(token, modules[module][name].__pulumiType, `aws.${module}.${name}`);
        }
    });

    it("loading the pack's policies does not load @pulumi/aws", () => {
        const pack = path.join(projectDir, "bin", "policies", "policies.js");
        const defer = path.join(projectDir, "bin", "tools", "shared", "deferSdkLoads.js");
        const probe =
            `require(${JSON.stringify(defer)}); require(${JSON.stringify(pack)});` +
            `const loaded = Object.keys(require.cache).filter((f) => f.includes("@pulumi/aws/"));` +
            `process.stdout.write(JSON.stringify(loaded));`;
        const run = spawnSync(process.execPath, ["-e", probe], { cwd: projectDir, encoding: "utf8" });
        assert.strictEqual(run.status, 0, run.stderr);
        assert.deepStrictEqual(JSON.parse(run.stdout), []);
    });
});

/**
 * The pack as a whole: metadata every policy must carry, and the README table kept in sync.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../../policies/policies";
import { policyTable, replaceTable } from "../../tools/docs/policyTable";
import { projectDir } from "../support/fixtures";

describe("policies (pack)", () => {
    it("has 74 uniquely named policies: 56 mandatory, 18 advisory", () => {
        const names = allPolicies.map((p) => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        assert.strictEqual(allPolicies.length, 77);
        assert.strictEqual(allPolicies.filter((p) => p.enforcementLevel === "mandatory").length, 59);
        assert.strictEqual(allPolicies.filter((p) => p.enforcementLevel === "advisory").length, 18);
    });

    it(
        "every policy has a kebab-case name, description, remediation steps, sources and exactly one " +
            "validation kind",
        () => {
            for (const p of allPolicies) {
                assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, p.name);
                assert.ok(p.description.endsWith("."), `${p.name}: description`);
                assert.ok(p.remediationSteps.length > 20, `${p.name}: remediationSteps`);
                // Tags: the service, then the source IDs (POLICY_RULES.md lists none for mwaa-kms).
                assert.ok(
                    p.tags.length >= (p.name === "mwaa-kms" ? 1 : 2),
                    `${p.name}: tags carry the service and the source IDs`,
                );
                assert.ok(p.framework?.specification, `${p.name}: framework.specification`);
                assert.notStrictEqual(
                    "validateResource" in p,
                    "validateStack" in p,
                    `${p.name}: resource xor stack policy`,
                );
                // The SDK reserves enforcementLevel in config schemas.
                assert.strictEqual(p.configSchema?.properties.enforcementLevel, undefined);
            }
        },
    );

    it(
        "docs/policies.md's policy table matches the pack's metadata (run `node bin/tools/docs/policyTable.js " +
            "--write`)",
        () => {
            const readme = fs.readFileSync(path.join(projectDir, "docs", "policies.md"), "utf8");
            assert.strictEqual(replaceTable(readme, policyTable()), readme);
        },
    );

    it("the pack folder is a runnable CrossGuard pack", () => {
        const dir = path.join(projectDir, "policies");
        assert.match(fs.readFileSync(path.join(dir, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
        assert.ok(pkg.version, "the policy SDK reads the pack version from package.json");
        assert.ok(pkg.dependencies["@pulumi/policy"]);
    });
});

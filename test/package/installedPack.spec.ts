/**
 * The policy pack as installed with the package (node_modules/mlops-platform/policies), started the
 * way the Pulumi CLI starts a Node.js pack: @pulumi/pulumi's cmd/run-policy-pack with the engine
 * address and the pack folder (it registers ts-node, which skips node_modules, so the pack must be
 * compiled JavaScript reached through package.json `main`).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PlannedResource } from "../../tools/plan/recorder";
import { runPolicyPack } from "../../tools/policy/policyRunner";
import { installedCopy } from "./tarball";

const URN = "urn:pulumi:dev::team-app::aws:dynamodb/table:Table::features";

/** One DynamoDB table with no encryption, recovery or tags: several rules must fire on it. */
const table: PlannedResource = {
    urn: URN,
    type: "aws:dynamodb/table:Table",
    name: "features",
    id: "features",
    custom: true,
    inputs: {
        name: "features",
        billingMode: "PAY_PER_REQUEST",
        hashKey: "id",
        attributes: [{ name: "id", type: "S" }],
    },
    outputs: { name: "features", arn: "arn:aws:dynamodb:us-east-1:123456789012:table/features" },
    dependencies: [],
    propertyDependencies: {},
    protect: false,
    retainOnDelete: false,
    deleteBeforeReplace: false,
    ignoreChanges: [],
};

describe("package: the policy pack runs from an installed copy through run-policy-pack", () => {
    let packDir: string;
    let app: string;
    before(function () {
        this.timeout(180000);
        app = installedCopy();
        packDir = path.join(app, "node_modules", "mlops-platform", "policies");
    });
    after(() => fs.rmSync(app, { recursive: true, force: true }));

    it("has the pack's manifest, lockfile and compiled entry point in the installed folder", () => {
        const pack = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
        assert.strictEqual(pack.main, "bin/index.js");
        assert.ok(fs.existsSync(path.join(packDir, pack.main)));
        assert.ok(fs.existsSync(path.join(packDir, "package-lock.json")));
        assert.match(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
        assert.ok(!fs.existsSync(path.join(packDir, "index.ts")), "TypeScript sources would be skipped by ts-node");
    });

    it("starts, answers GetAnalyzerInfo/Configure and reports the table's violations", async function () {
        this.timeout(120000);
        const violations = await runPolicyPack([table], {
            project: "team-app",
            stack: "dev",
            environment: "prod",
            requiredTags: { team: "ml" },
            packDir,
            launcher: "run-policy-pack",
            startTimeoutMs: 90000,
        });
        const onTable = violations.filter((v) => v.urn === URN).map((v) => v.policy);
        for (const policy of ["dynamodb-kms-encryption", "dynamodb-point-in-time-recovery"]) {
            assert.ok(onTable.includes(policy), `${policy} not reported: ${JSON.stringify(onTable)}`);
        }
    });
});

import * as assert from "assert";
import * as path from "path";
import { estimateDeploy, loadCreateTimes } from "../../tools/plan/cost/deployTime";
import type { PlannedResource } from "../../tools/plan/recorder";
import { estimateCost, HOURS_PER_MONTH, PriceEntry } from "../../tools/plan/cost/estimate";
import { loadPrices, planCost } from "../../tools/plan/cost/costReport";
import type { CostEstimate } from "../../tools/plan/cost/estimate";
import { loadStack } from "../../tools/plan/stackFiles";
import type { PlanDocument } from "../../tools/plan/plan";
import { projectDir, runPlan } from "../support/fixtures";
import { recordedPlan } from "../support/recordedPlans";

const resource = (type: string, name: string, inputs: Record<string, unknown>): PlannedResource => ({
    urn: `urn:pulumi:t::p::mlops-platform:index:X$${type}::${name}`,
    type,
    name,
    custom: true,
    inputs,
    outputs: {},
    dependencies: [],
    propertyDependencies: {},
    protect: false,
    retainOnDelete: false,
    deleteBeforeReplace: false,
    ignoreChanges: [],
});
const price = (key: string, usd: number, unit = "hour"): PriceEntry => ({
    key,
    region: "us-east-1",
    unit,
    usd,
    source: "test",
    readOn: "2024-07-01",
});

describe("cost estimate (tools/plan/cost)", () => {
    const prices = [
        price("mwaa.environment.mw1.small", 0.49),
        price("mwaa.worker.mw1.small", 0.055),
        price("mwaa.scheduler.mw1.small", 0.055),
        price("ec2.natGateway.hour", 0.045),
        price("ec2.natGateway.gb", 0.045, "GB"),
        price("sagemaker.hosting.ml.m5.large", 0.115),
        price("kms.key.month", 1, "key-month"),
    ];

    it("prices MWAA as class hours plus workers beyond one and schedulers beyond two", () => {
        const mwaa = resource("aws:mwaa/environment:Environment", "af", {
            environmentClass: "mw1.small",
            minWorkers: 3,
            schedulers: 3,
        });
        const cost = estimateCost([mwaa], "us-east-1", prices);
        const expected = Math.round((0.49 + 2 * 0.055 + 0.055) * HOURS_PER_MONTH * 100) / 100;
        assert.strictEqual(cost.monthlyIdleUsd, expected);
        assert.match(cost.resources[0].basis, /mwaa\.environment\.mw1\.small 1 × 730 h × \$0\.49\/h/);
        assert.deepStrictEqual(cost.missing, []);
    });

    it("prices instance variants × instances, serverless variants and NAT traffic never as idle", () => {
        const config = resource("aws:sagemaker/endpointConfiguration:EndpointConfiguration", "ep", {
            productionVariants: [
                { instanceType: "ml.m5.large", initialInstanceCount: 2 },
                { serverlessConfig: { memorySizeInMb: 2048, maxConcurrency: 5 } },
            ],
        });
        const vpc = resource("awsx:ec2:Vpc", "net", {
            natGateways: { strategy: "Single" },
            numberOfAvailabilityZones: 3,
        });
        const cost = estimateCost([config, vpc], "us-east-1", prices);
        assert.deepStrictEqual(
            cost.resources.map((r) => r.monthlyIdleUsd),
            [Math.round(2 * 730 * 0.115 * 100) / 100, Math.round(730 * 0.045 * 100) / 100],
        );
        assert.strictEqual(cost.monthlyIdleUsd, Math.round((167.9 + 32.85) * 100) / 100);
        const nat = cost.usage.find((u) => u.type === "awsx:ec2:Vpc")!;
        assert.strictEqual(nat.monthlyUsd, Math.round(10 * 0.045 * 100) / 100);
        assert.strictEqual(cost.usage.filter((u) => u.monthlyUsd === null).length, 1, "serverless GB-s unpriced");
    });

    it("reports a priced dimension without a price for the region instead of guessing", () => {
        const mwaa = resource("aws:mwaa/environment:Environment", "af", { environmentClass: "mw1.small" });
        const cost = estimateCost([mwaa], "eu-west-1", prices);
        assert.strictEqual(cost.monthlyIdleUsd, 0);
        assert.deepStrictEqual(cost.missing, [
            { urn: mwaa.urn, type: mwaa.type, key: "mwaa.environment.mw1.small", region: "eu-west-1" },
        ]);
        assert.match(cost.resources[0].basis, /NO PRICE for eu-west-1/);
    });

    it("every price entry names its source and the date it was read", () => {
        for (const p of loadPrices()) {
            assert.ok(p.source.length > 10, p.key);
            assert.match(p.readOn, /^\d{4}-\d{2}-\d{2}$/, p.key);
            assert.ok(p.usd > 0, p.key);
        }
    });

    describe("the repository's stacks (plan --cost --json)", () => {
        let dev: { cost?: CostEstimate };
        let seed: PlanDocument;
        before(() => {
            // What `plan --stack dev --cost` computes, on the recorded dev plan (the CLI path: the seed setup).
            const devConfig = loadStack(projectDir, { stack: "dev" }).config;
            dev = { cost: planCost(recordedPlan("dev").doc.resources, devConfig) };
            const s = runPlan("--config-file", "examples/seed-setup.yaml", "--cost", "--json", "--no-policies");
            assert.strictEqual(s.code, 0, s.stderr);
            seed = JSON.parse(s.stdout);
        });

        it("a planned priced type has no price for the stack's region: none in dev (us-east-1)", () => {
            assert.strictEqual(dev.cost!.region, "us-east-1");
            assert.deepStrictEqual(dev.cost!.missing, []);
        });

        it("dev pays nothing idle for serverless inference and Redshift Serverless", () => {
            const idle = (type: string) => dev.cost!.resources.find((r) => r.type === type)!.monthlyIdleUsd;
            assert.strictEqual(idle("aws:sagemaker/endpointConfiguration:EndpointConfiguration"), 0);
            assert.strictEqual(idle("aws:redshiftserverless/workgroup:Workgroup"), 0);
        });

        it("the seed setup's ra3.xlplus node has no sourced price and is reported, not guessed", () => {
            assert.deepStrictEqual(
                seed.cost!.missing.map((m) => m.key),
                ["redshift.node.ra3.xlplus"],
            );
            assert.ok(seed.cost!.monthlyIdleUsd > dev.cost!.monthlyIdleUsd);
        });

        it("the CLI's cost and deploy members are planCost and estimateDeploy of its resources", () => {
            const config = loadStack(projectDir, { configFile: path.join(projectDir, "examples", "seed-setup.yaml") });
            assert.deepStrictEqual(seed.cost, planCost(seed.resources, config.config));
            assert.deepStrictEqual(seed.deploy, estimateDeploy(seed.resources, loadCreateTimes()));
        });
    });
});

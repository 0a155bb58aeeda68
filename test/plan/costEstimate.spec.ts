import * as assert from "assert";
import * as path from "path";
import { estimateDeploy, loadCreateTimes } from "../../tools/plan/cost/deployTime";
import type { PlannedResource } from "../../tools/plan/recorder";
import { DEFAULT_USAGE, estimateCost, HOURS_PER_MONTH, PriceEntry } from "../../tools/plan/cost/estimate";
import { loadPrices, planCost } from "../../tools/plan/cost/costReport";
import type { PlanDocument } from "../../tools/plan/plan";
import { projectDir } from "../support/fixtures";
import { loadStack } from "../../tools/plan/stackFiles";
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

    it("prices mw1.micro as its class hours alone: its worker, scheduler and web server are the fee's", () => {
        const micro = resource("aws:mwaa/environment:Environment", "af", {
            environmentClass: "mw1.micro",
            minWorkers: 1,
            maxWorkers: 1,
            schedulers: 1,
            minWebservers: 1,
        });
        const cost = estimateCost([micro], "us-east-1", [price("mwaa.environment.mw1.micro", 0.29)]);
        assert.strictEqual(cost.monthlyIdleUsd, Math.round(0.29 * HOURS_PER_MONTH * 100) / 100);
        assert.strictEqual(cost.resources[0].basis, "mwaa.environment.mw1.micro 1 × 730 h × $0.29/h");
        assert.deepStrictEqual(cost.missing, []);
    });

    it("prices the minimum web servers beyond the two included, and none at two", () => {
        const webserver = price("mwaa.webserver.mw1.medium", 0.055);
        const env = (minWebservers: number) =>
            resource("aws:mwaa/environment:Environment", `af${minWebservers}`, {
                environmentClass: "mw1.medium",
                minWorkers: 1,
                schedulers: 2,
                minWebservers,
            });
        const cost = estimateCost([env(2), env(4)], "us-east-1", [
            price("mwaa.environment.mw1.medium", 0.74),
            webserver,
        ]);
        assert.deepStrictEqual(
            cost.resources.map((r) => r.monthlyIdleUsd),
            [0.74 * 730, Math.round((0.74 + 2 * 0.055) * 730 * 100) / 100],
        );
        assert.match(cost.resources[1].basis, /mwaa\.webserver\.mw1\.medium 2 × 730 h × \$0\.055\/h/);
    });

    it("the table's us-west-2 MWAA rates price a prod-like class with 1 extra worker and 1 extra web server", () => {
        const env = resource("aws:mwaa/environment:Environment", "af", {
            environmentClass: "mw1.medium",
            minWorkers: 2,
            schedulers: 2,
            minWebservers: 3,
        });
        const cost = estimateCost([env], "us-west-2", loadPrices());
        assert.deepStrictEqual(cost.missing, []);
        assert.strictEqual(cost.monthlyIdleUsd, Math.round((0.74 + 0.11 + 0.055) * 730 * 100) / 100);
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

    it("prices Redshift Serverless RPU-hours as usage at the base capacity, never as idle", () => {
        const wg = resource("aws:redshiftserverless/workgroup:Workgroup", "wg", { baseCapacity: 8 });
        const cost = estimateCost([wg], "us-east-1", [price("redshift.serverless.rpuHour", 0.375, "RPU-hour")]);
        assert.strictEqual(cost.monthlyIdleUsd, 0);
        assert.strictEqual(
            cost.usage[0].monthlyUsd,
            Math.round(8 * DEFAULT_USAGE.redshiftActiveHours * 0.375 * 100) / 100,
        );
        assert.match(cost.usage[0].basis, /30 active h × 8 RPU base × \$0\.375\/RPU-hour/);
    });

    describe("the repository's stacks (plan --cost --json)", () => {
        let dev: PlanDocument;
        let prod: PlanDocument;
        let seed: PlanDocument;
        before(function () {
            // dev, prod and the seed setup (plan --cost) all come from the shared recordings.
            this.timeout(180_000);
            // The CLI's own pricing step (planCost) on the recorded plan and its stack file's config.
            const priced = (name: "dev" | "prod"): PlanDocument => {
                const run = recordedPlan(name);
                assert.strictEqual(run.code, 0, run.stderr);
                const stackConfig = loadStack(projectDir, { stack: name }).config;
                return { ...run.doc, cost: planCost(run.doc.resources, stackConfig) };
            };
            dev = priced("dev");
            prod = priced("prod");
            const run = recordedPlan("seedSetup");
            assert.strictEqual(run.code, 0, run.stderr);
            seed = run.doc;
        });

        for (const name of ["dev", "prod", "seed"] as const) {
            it(`${name}: every planned priced dimension has a price for the stack's region`, () => {
                const doc = { dev, prod, seed }[name];
                assert.strictEqual(doc.cost!.region, "us-east-1");
                assert.deepStrictEqual(doc.cost!.missing, []);
            });
        }

        it("dev's resources in a region the table covers only partly: the unsourced dimensions are listed", () => {
            const moved = estimateCost(dev.resources, "eu-west-1", loadPrices());
            const keys = [...new Set(moved.missing.map((m) => m.key))].sort();
            assert.ok(keys.includes("mwaa.environment.mw1.micro"), keys.join());
            assert.ok(!keys.includes("ec2.natGateway.hour"), "the eu-west-1 NAT hour is sourced");
            assert.ok(!keys.includes("kms.key.month"), "the eu-west-1 KMS key is sourced (the KMS pricing page)");
            assert.ok(moved.monthlyIdleUsd < dev.cost!.monthlyIdleUsd);
        });

        it("dev runs mw1.micro: its MWAA line is the class fee alone, priced in us-east-1 and us-west-2", () => {
            const mwaa = dev.cost!.resources.find((r) => r.type === "aws:mwaa/environment:Environment")!;
            assert.strictEqual(mwaa.basis, "mwaa.environment.mw1.micro 1 × 730 h × $0.29/h");
            assert.strictEqual(mwaa.monthlyIdleUsd, 211.7);
            const west = estimateCost(dev.resources, "us-west-2", loadPrices());
            assert.ok(!west.missing.some((m) => m.key.startsWith("mwaa.")), JSON.stringify(west.missing));
        });

        it("dev plans no endpoint (serving.enabled: false) and pays nothing idle for Redshift Serverless", () => {
            const idle = (type: string) => dev.cost!.resources.find((r) => r.type === type)!.monthlyIdleUsd;
            const sagemaker = dev.cost!.resources.filter((r) => r.type.startsWith("aws:sagemaker/"));
            assert.deepStrictEqual(sagemaker, []);
            assert.strictEqual(idle("aws:redshiftserverless/workgroup:Workgroup"), 0);
        });

        it("dev's idle total is at most 40 % of examples/seed-setup.yaml's, both measured by the plan", () => {
            const ratio = dev.cost!.monthlyIdleUsd / seed.cost!.monthlyIdleUsd;
            const text = `dev $${dev.cost!.monthlyIdleUsd} / seed $${seed.cost!.monthlyIdleUsd} = ${ratio.toFixed(3)}`;
            console.log(`      ${text}`);
            assert.ok(ratio <= 0.4, text);
        });

        it("the seed setup's one ra3.xlplus node is its largest idle line", () => {
            const lines = [...seed.cost!.resources].sort((a, b) => b.monthlyIdleUsd - a.monthlyIdleUsd);
            assert.strictEqual(lines[0].type, "aws:redshift/cluster:Cluster");
            const node = loadPrices().find((p) => p.key === "redshift.node.ra3.xlplus" && p.region === "us-east-1")!;
            assert.strictEqual(lines[0].monthlyIdleUsd, Math.round(HOURS_PER_MONTH * node.usd * 100) / 100);
        });

        it("the CLI's cost and deploy members are planCost and estimateDeploy of its resources", () => {
            const config = loadStack(projectDir, { configFile: path.join(projectDir, "examples", "seed-setup.yaml") });
            assert.deepStrictEqual(seed.cost, planCost(seed.resources, config.config));
            assert.deepStrictEqual(seed.deploy, estimateDeploy(seed.resources, loadCreateTimes()));
        });
    });
});

import { GetProductsCommand, PricingClient } from "@aws-sdk/client-pricing";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { mockClient } from "aws-sdk-client-mock";
import type { PriceEntry } from "../../tools/plan/cost/estimate";
import { loadPrices } from "../../tools/plan/cost/costReport";
import { isMeterOf, priceQueryOf } from "../../tools/plan/cost/priceQueries";
import { main, refreshPrices } from "../../tools/plan/cost/refreshPrices";
import { projectDir } from "../support/fixtures";

/** A GetProducts price list item in the Price List's JSON shape. */
const item = (sku: string, usagetype: string, tiers: { usd: string; begin?: string; unit?: string }[]) =>
    JSON.stringify({
        product: { sku, productFamily: "x", attributes: { usagetype, regionCode: "eu-west-1" } },
        terms: {
            OnDemand: {
                [`${sku}.JRTCKXETXF`]: {
                    priceDimensions: Object.fromEntries(
                        tiers.map((t, n) => [
                            `${sku}.JRTCKXETXF.${n}`,
                            { unit: t.unit ?? "Hrs", beginRange: t.begin ?? "0", pricePerUnit: { USD: t.usd } },
                        ]),
                    ),
                },
            },
        },
    });

const entry = (key: string, region: string, usd: number): PriceEntry => ({
    key,
    region,
    unit: "hour",
    usd,
    source: "old",
    readOn: "2024-07-01",
});

describe("price table refresh (tools/plan/cost/refreshPrices, AWS Price List GetProducts)", () => {
    const pricing = mockClient(PricingClient);
    const client = () =>
        new PricingClient({ region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "s" } });
    beforeEach(() => pricing.reset());
    after(() => pricing.restore());

    it("sends regionCode TERM_MATCH and usagetype CONTAINS per dimension and region, every page", async () => {
        pricing
            .on(GetProductsCommand)
            .resolvesOnce({ PriceList: [item("A1", "EU-NatGateway-Hours", [{ usd: "0.048" }])], NextToken: "p2" })
            .resolvesOnce({ PriceList: [item("A2", "EU-RegionalNatGateway-Hours", [{ usd: "0.048" }])] });
        const result = await refreshPrices(
            client(),
            [entry("ec2.natGateway.hour", "eu-west-1", 1)],
            ["eu-west-1"],
            "2026-12-02",
        );
        const calls = pricing.commandCalls(GetProductsCommand).map((c) => c.args[0].input);
        assert.deepStrictEqual(calls, [
            {
                ServiceCode: "AmazonEC2",
                Filters: [
                    { Type: "TERM_MATCH", Field: "regionCode", Value: "eu-west-1" },
                    { Type: "CONTAINS", Field: "usagetype", Value: "NatGateway-Hours" },
                ],
                FormatVersion: "aws_v1",
                NextToken: undefined,
            },
            { ...calls[0], NextToken: "p2" },
        ]);
        assert.deepStrictEqual(result.prices, [
            {
                key: "ec2.natGateway.hour",
                region: "eu-west-1",
                unit: "hour",
                usd: 0.048,
                source: "AWS Price List API GetProducts AmazonEC2, SKU A1, usagetype EU-NatGateway-Hours, OnDemand Hrs",
                readOn: "2026-12-02",
            },
        ]);
        assert.strictEqual(result.refreshed, 1);
        assert.deepStrictEqual(result.problems, []);
    });

    it("takes the first paid tier (a free tier at 0 and higher tiers are skipped)", async () => {
        pricing.on(GetProductsCommand).resolves({
            PriceList: [
                item("L1", "EU-DataProcessing-Bytes", [
                    { usd: "0.25", begin: "10240", unit: "GB" },
                    { usd: "0.0000000000", begin: "0", unit: "GB" },
                    { usd: "0.57", begin: "5", unit: "GB" },
                ]),
            ],
        });
        const result = await refreshPrices(client(), [entry("logs.ingestion.gb", "eu-west-1", 1)], ["eu-west-1"], "d");
        assert.strictEqual(result.prices[0].usd, 0.57);
    });

    it("keeps the entry and reports it: no meter, several meters, or no query for the key", async () => {
        pricing
            .on(GetProductsCommand, { ServiceCode: "AmazonRedshift" })
            .resolves({
                PriceList: [
                    item("R1", "EU-Redshift:ServerlessUsage", [{ usd: "0.4" }]),
                    item("R2", "EU-Redshift:ServerlessUsage", [{ usd: "0.5" }]),
                    item("R3", "EU-Redshift:ServerlessUsage-CR-1YR-AU", [{ usd: "2716" }]),
                ],
            })
            .on(GetProductsCommand, { ServiceCode: "AmazonMWAA" })
            .resolves({ PriceList: [] });
        const current = [
            entry("redshift.serverless.rpuHour", "eu-west-1", 0.1),
            entry("mwaa.environment.mw1.micro", "eu-west-1", 0.2),
            entry("kms.requests.10k", "eu-west-1", 0.03),
        ];
        const result = await refreshPrices(client(), current, ["eu-west-1"], "d");
        assert.deepStrictEqual(
            result.prices.map((p) => [p.key, p.usd, p.source]),
            [
                ["kms.requests.10k", 0.03, "old"],
                ["mwaa.environment.mw1.micro", 0.2, "old"],
                ["redshift.serverless.rpuHour", 0.1, "old"],
            ],
        );
        assert.deepStrictEqual(result.unqueried, ["kms.requests.10k"]);
        assert.deepStrictEqual(result.problems, [
            "not found: mwaa.environment.mw1.micro: no on-demand meter AmazonMWAA Airflow-MicroEnvironment " +
                "in eu-west-1",
            "ambiguous: redshift.serverless.rpuHour: 2 meters AmazonRedshift Redshift:ServerlessUsage " +
                "in eu-west-1 (R1, R2)",
        ]);
    });

    it("no credentials: the command exits 2 with the reason and leaves prices.json unchanged", async () => {
        const refusal = Object.assign(new Error("Could not load credentials"), { name: "CredentialsProviderError" });
        pricing.on(GetProductsCommand).rejects(refusal);
        const file = path.join(projectDir, "tools", "plan", "cost", "prices.json");
        const before = fs.readFileSync(file, "utf8");
        const errors: string[] = [];
        const original = console.error;
        console.error = (line: string) => void errors.push(line);
        try {
            assert.strictEqual(await main(["--regions", "us-east-1"], client()), 2);
        } finally {
            console.error = original;
        }
        assert.match(errors.join(), /CredentialsProviderError: Could not load credentials\); prices\.json unchanged/);
        assert.strictEqual(fs.readFileSync(file, "utf8"), before);
    });

    it("a meter is the base alone or with a region prefix; regional and reserved variants are not", () => {
        assert.ok(isMeterOf("NatGateway-Hours", "NatGateway-Hours"));
        assert.ok(isMeterOf("APS1-NatGateway-Hours", "NatGateway-Hours"));
        assert.ok(isMeterOf("EU-NatGateway-Hours", "NatGateway-Hours"));
        assert.ok(!isMeterOf("USE1-RegionalNatGateway-Hours", "NatGateway-Hours"));
        assert.ok(!isMeterOf("USE1-Redshift:ServerlessUsage-CR-1YR-AU", "Redshift:ServerlessUsage"));
        assert.ok(!isMeterOf("us-east-1-NatGateway-Hours", "NatGateway-Hours"));
    });

    it("every dimension that has a query yields a valid table unit; the unqueried ones are the known gaps", () => {
        const keys = [...new Set(loadPrices().map((p) => p.key))].sort();
        const unqueried = keys.filter((k) => priceQueryOf(k) === undefined);
        assert.deepStrictEqual(unqueried, [
            "dynamodb.rru.million",
            "dynamodb.storage.gbMonth",
            "dynamodb.wru.million",
            "kms.requests.10k",
            // No source read names these meters' usage types (docs/cost.md).
            "mwaa.environment.mw1.2xlarge",
            "mwaa.environment.mw1.xlarge",
            "mwaa.webserver.mw1.large",
            "mwaa.webserver.mw1.medium",
            "mwaa.webserver.mw1.small",
        ]);
        for (const p of loadPrices()) {
            const q = priceQueryOf(p.key);
            if (q) assert.strictEqual(q.unit, p.unit, p.key);
        }
    });
});

import * as assert from "assert";
import { rfmFeatureStore, SERVERLESS_NETWORK } from "../support/platformConfigFixtures";
import { ConfigError } from "../../components/core/configErrors";
import { parsePlatformConfig } from "../../components/platform/platformConfig";

describe("Orchestration", () => {
    describe("stack config names the key", () => {
        const problems = (environment: string, orchestration: Record<string, unknown>) => {
            try {
                parsePlatformConfig({
                    environment,
                    network: SERVERLESS_NETWORK,
                    featureStore: rfmFeatureStore(),
                    orchestration,
                });
            } catch (err) {
                assert.ok(err instanceof ConfigError, String(err));
                return [...err.problems];
            }
            return assert.fail("expected the config to be rejected");
        };
        const has = (list: string[], prefix: string) =>
            assert.ok(
                list.some((p) => p.startsWith(prefix)),
                `${prefix} not in:\n${list.join("\n")}`,
            );

        it("bad class", () =>
            has(
                problems("dev", { environmentClass: "mw2.small" }),
                "mlops-platform:orchestration.environmentClass: must be one of",
            ));
        it("workers out of range", () =>
            has(problems("dev", { maxWorkers: 26 }), "mlops-platform:orchestration.maxWorkers: "));
        it("minWorkers > maxWorkers", () =>
            has(
                problems("dev", { minWorkers: 5, maxWorkers: 3 }),
                "mlops-platform:orchestration.minWorkers: must be at most maxWorkers",
            ));
        it("minWorkers above the environment's default maxWorkers", () =>
            has(
                problems("staging", { minWorkers: 6 }),
                "mlops-platform:orchestration.minWorkers: must be at most maxWorkers (6 > 5) " +
                    "(with the staging defaults",
            ));
        it("schedulers: 2 on dev's default mw1.micro, named with the full key", () =>
            has(
                problems("dev", { schedulers: 2 }),
                "mlops-platform:orchestration.schedulers: must be at most 1 for environmentClass mw1.micro " +
                    "(it runs one of each and does not autoscale) (with the dev defaults for unset keys)",
            ));
        it("web servers on mw1.micro, named with the full key", () =>
            has(
                problems("dev", { environmentClass: "mw1.micro", minWebservers: 2, maxWebservers: 2 }),
                "mlops-platform:orchestration.minWebservers: must be at most 1 for environmentClass mw1.micro",
            ));
        it("mw1.micro with more than one worker", () =>
            has(
                problems("dev", { environmentClass: "mw1.micro", maxWorkers: 3 }),
                "mlops-platform:orchestration.maxWorkers: must be at most 1",
            ));
        it("PUBLIC_ONLY in prod", () =>
            has(
                problems("prod", { webserverAccessMode: "PUBLIC_ONLY" }),
                "mlops-platform:orchestration.webserverAccessMode: PUBLIC_ONLY is refused in prod",
            ));
        it("PUBLIC_AND_PRIVATE in prod", () =>
            has(
                problems("prod", { webserverAccessMode: "PUBLIC_AND_PRIVATE" }),
                "mlops-platform:orchestration.webserverAccessMode: PUBLIC_AND_PRIVATE is refused in prod",
            ));
        it("workerReplacementStrategy is FORCED or GRACEFUL", () =>
            has(
                problems("dev", { workerReplacementStrategy: "graceful" }),
                "mlops-platform:orchestration.workerReplacementStrategy: ",
            ));
        it("accepts PUBLIC_ONLY and PUBLIC_AND_PRIVATE in dev, GRACEFUL workers, and mw1.micro alone", () => {
            for (const orchestration of [
                { webserverAccessMode: "PUBLIC_ONLY" },
                { webserverAccessMode: "PUBLIC_AND_PRIVATE" },
                { workerReplacementStrategy: "GRACEFUL" },
                { environmentClass: "mw1.micro" },
            ]) {
                parsePlatformConfig({
                    environment: "dev",
                    network: SERVERLESS_NETWORK,
                    featureStore: {
                        project: "p",
                        featureViews: [{ name: "v", entity: "e", joinKey: "k", features: { a: "int32" } }],
                    },
                    orchestration,
                });
            }
        });
    });
});

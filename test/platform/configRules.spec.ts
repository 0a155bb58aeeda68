/**
 * Section rules AWS, Feast and MWAA would otherwise enforce at deploy or run time: Redshift names,
 * reserved words and node counts, Feast's entity and column rules, Airflow options the platform or
 * MWAA owns, the VPC's CIDR and subnet sizes. Each refusal names the full config key.
 */
import * as assert from "assert";

import {
    availabilityZoneIdProblem,
    availabilityZoneNameProblem,
    awsxSubnetPrefix,
} from "../../components/network/addressRules";
import { configProblems, minimalPlatformConfig } from "../support/platformConfigFixtures";

function problemsOf(change: (c: Record<string, any>) => void): string[] {
    const config = minimalPlatformConfig();
    change(config);
    return configProblems(config);
}

const cluster = (o: Record<string, unknown>) => (c: Record<string, any>) =>
    (c.featureStore.offlineStore = { engine: "redshift-cluster", ...o });

describe("config rules of AWS, Feast and MWAA", () => {
    describe("Redshift names (API_CreateCluster, r_pg_keywords)", () => {
        it("a reserved word as database name names offlineStore.databaseName", () => {
            assert.deepStrictEqual(problemsOf(cluster({ databaseName: "user" })), [
                "mlops-platform:featureStore.offlineStore.databaseName: " +
                    '"user" is a Redshift reserved word (r_pg_keywords)',
            ]);
        });

        it("PUBLIC and reserved words as admin user name name offlineStore.adminUsername", () => {
            for (const name of ["public", "select"])
                assert.deepStrictEqual(problemsOf(cluster({ adminUsername: name })), [
                    "mlops-platform:featureStore.offlineStore.adminUsername: " +
                        `"${name}" is a Redshift reserved word (r_pg_keywords)`,
                ]);
        });

        it("ordinary names pass on both engines", () => {
            assert.deepStrictEqual(problemsOf(cluster({ databaseName: "features", adminUsername: "feast_admin" })), []);
            assert.deepStrictEqual(
                problemsOf((c) => (c.featureStore.offlineStore = { databaseName: "features" })),
                [],
            );
        });
    });

    describe("Redshift node type × node count (Management Guide, RA3 node types)", () => {
        it("ra3.4xlarge on dev's default single node names nodeType and says the default was used", () => {
            assert.deepStrictEqual(problemsOf(cluster({ nodeType: "ra3.4xlarge" })), [
                "mlops-platform:featureStore.offlineStore.nodeType: ra3.4xlarge clusters have 2-64 nodes " +
                    "(no single-node clusters); got 1 (the dev default node count)",
            ]);
        });

        it("an explicit count outside the type's range names numberOfNodes", () => {
            assert.deepStrictEqual(problemsOf(cluster({ nodeType: "ra3.16xlarge", numberOfNodes: 1 })), [
                "mlops-platform:featureStore.offlineStore.numberOfNodes: ra3.16xlarge clusters have 2-128 nodes " +
                    "(no single-node clusters); got 1",
            ]);
            assert.deepStrictEqual(problemsOf(cluster({ nodeType: "ra3.large", numberOfNodes: 17 })), [
                "mlops-platform:featureStore.offlineStore.numberOfNodes: ra3.large clusters have 1-16 nodes; got 17",
            ]);
        });

        it("single-node ra3.large / ra3.xlplus and a two-node ra3.4xlarge pass", () => {
            assert.deepStrictEqual(problemsOf(cluster({})), []);
            assert.deepStrictEqual(problemsOf(cluster({ nodeType: "ra3.xlplus", numberOfNodes: 1 })), []);
            assert.deepStrictEqual(problemsOf(cluster({ nodeType: "ra3.4xlarge", numberOfNodes: 2 })), []);
        });
    });

    describe("Feast (v0.66.0 redshift.py query template, registry.apply_entity)", () => {
        const view = (c: Record<string, any>) => c.featureStore.featureViews[0];

        it("a feature named like a Redshift reserved word names the feature", () => {
            assert.deepStrictEqual(
                problemsOf((c) => (view(c).features.order = "int32")),
                [
                    "mlops-platform:featureStore.featureViews[0].features.order: " +
                        '"order" is a Redshift reserved word; Feast\'s queries use feature names unquoted',
                ],
            );
        });

        it("a join key that is a reserved word or one of the query's own columns names joinKey", () => {
            assert.deepStrictEqual(
                problemsOf((c) => (view(c).joinKey = "user")),
                [
                    "mlops-platform:featureStore.featureViews[0].joinKey: " +
                        '"user" is a Redshift reserved word; Feast\'s queries use join keys unquoted',
                ],
            );
            assert.deepStrictEqual(
                problemsOf((c) => (view(c).joinKey = "entity_timestamp")),
                [
                    "mlops-platform:featureStore.featureViews[0].joinKey: " +
                        '"entity_timestamp" is a column Feast\'s point-in-time query defines itself',
                ],
            );
        });

        it("a feature named entity_timestamp names the feature (event/created_timestamp were already refused)", () => {
            assert.deepStrictEqual(
                problemsOf((c) => (view(c).features.entity_timestamp = "timestamp")),
                [
                    "mlops-platform:featureStore.featureViews[0].features.entity_timestamp: " +
                        '"entity_timestamp" is a column Feast\'s point-in-time query defines itself',
                ],
            );
        });

        it("one entity with two join keys names the second view's entity", () => {
            const problems = problemsOf((c) =>
                c.featureStore.featureViews.push({
                    name: "customer_orders",
                    entity: "customer",
                    joinKey: "customer_id",
                    features: { orders: "int64" },
                }),
            );
            assert.deepStrictEqual(problems, [
                'mlops-platform:featureStore.featureViews[1].entity: entity "customer" is declared by ' +
                    "featureViews[0] with join key customerid (string); Feast keeps one entity per name, so use " +
                    "the same joinKey/joinKeyType or another entity name",
            ]);
        });

        it("the same entity with the same join key in two views passes", () => {
            const problems = problemsOf((c) =>
                c.featureStore.featureViews.push({
                    name: "customer_orders",
                    entity: "customer",
                    joinKey: "customerid",
                    features: { orders: "int64" },
                }),
            );
            assert.deepStrictEqual(problems, []);
        });
    });

    describe("Airflow options the platform or MWAA owns", () => {
        const options = (o: Record<string, string>) => (c: Record<string, any>) =>
            (c.orchestration = { airflowConfigurationOptions: o });
        const key = "mlops-platform:orchestration.airflowConfigurationOptions";

        it("each conflicting option is refused with its own key", () => {
            assert.deepStrictEqual(
                problemsOf(
                    options({
                        "mlops.raw_bucket": "other-bucket",
                        "core.dags_are_paused_at_creation": "False",
                        "core.executor": "LocalExecutor",
                        "logging.logging_level": "DEBUG",
                        "webserver.expose_config": "True",
                    }),
                ),
                [
                    `${key}.mlops.raw_bucket: may not be set: the [mlops] section is written by the platform ` +
                        "(bucket names and roles the DAGs read)",
                    `${key}.core.dags_are_paused_at_creation: may not be set: the platform keeps new DAGs paused ` +
                        "until someone turns them on",
                    `${key}.core.executor: may not be set: ` +
                        "MWAA always overwrites this option (essential configuration)",
                    `${key}.logging.logging_level: may not be set: the log level is orchestration.logLevel ` +
                        "(INFO or above; DEBUG task logs print connections)",
                    `${key}.webserver.expose_config: may not be set: the UI would show the whole configuration, ` +
                        "secrets included",
                ],
            );
        });

        it("options nobody else sets pass", () => {
            assert.deepStrictEqual(
                problemsOf(options({ "core.default_timezone": "utc", "celery.worker_autoscale": "5,5" })),
                [],
            );
        });
    });

    describe("VPC CIDR (VPC User Guide: /16-/28) and subnet sizes", () => {
        const cidr = (block: string, availabilityZones?: number) => (c: Record<string, any>) =>
            (c.network = {
                cidrBlock: block,
                ...(availabilityZones
                    ? { availabilityZones }
                    : { availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az4"] }),
            });
        const key = "mlops-platform:network.cidrBlock";

        it("a block outside /16-/28, not a network address, public or malformed names the key", () => {
            assert.deepStrictEqual(problemsOf(cidr("10.0.0.0/29")), [
                `${key}: must be between /16 and /28 (VPC CIDR block sizes)`,
            ]);
            assert.deepStrictEqual(problemsOf(cidr("10.0.0.1/16")), [
                `${key}: must be a network address (the host bits after the prefix are zero)`,
            ]);
            assert.deepStrictEqual(problemsOf(cidr("8.8.0.0/16")), [
                `${key}: must lie within 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 ` +
                    "(RFC 1918 / RFC 6598)",
            ]);
            assert.deepStrictEqual(problemsOf(cidr("10.0.0.256/16")), [
                `${key}: must be an IPv4 CIDR such as 10.0.0.0/16 (octets 0-255)`,
            ]);
        });

        it("a block too small for two subnets per AZ names the key and the widest block that fits", () => {
            assert.deepStrictEqual(problemsOf(cidr("10.0.0.0/26")), [
                `${key}: 10.0.0.0/26 split into 3 AZs x 2 subnets gives /29 subnets; AWS's smallest subnet is /28 ` +
                    "(use /25 or wider, or fewer AZs)",
            ]);
            assert.deepStrictEqual(problemsOf(cidr("172.16.0.0/25")), []);
            const twoZones = (c: Record<string, any>) => {
                cidr("192.168.0.0/27", 2)(c);
                c.featureStore.offlineStore = { engine: "redshift-cluster" }; // Serverless needs three AZs
            };
            assert.deepStrictEqual(problemsOf(twoZones), [
                `${key}: 192.168.0.0/27 split into 2 AZs x 2 subnets gives /29 subnets; AWS's smallest subnet is /28 ` +
                    "(use /26 or wider, or fewer AZs)",
            ]);
        });

        it("awsx's even split: /16 over 3 AZs gives /19 subnets, over 4 AZs /19, over 2 AZs /18", () => {
            assert.deepStrictEqual(
                [3, 4, 2].map((azs) => awsxSubnetPrefix(16, azs)),
                [19, 19, 18],
            );
        });
    });

    describe("AZ names and AZ IDs (format only; shared with network.availabilityZoneIds)", () => {
        it("AZ IDs look like use1-az1 (Local Zones use1-bos1-az1)", () => {
            assert.strictEqual(availabilityZoneIdProblem("use1-az1"), undefined);
            assert.strictEqual(availabilityZoneIdProblem("apne1-az4"), undefined);
            assert.strictEqual(availabilityZoneIdProblem("use1-bos1-az1"), undefined);
            assert.strictEqual(availabilityZoneIdProblem("us-east-1a"), '"us-east-1a" is not an AZ ID (like use1-az1)');
        });

        it("an AZ name belongs to its region", () => {
            assert.strictEqual(availabilityZoneNameProblem("us-east-1a", "us-east-1"), undefined);
            assert.strictEqual(
                availabilityZoneNameProblem("us-west-2a", "us-east-1"),
                '"us-west-2a" is not an availability zone of us-east-1 (like us-east-1a)',
            );
        });
    });
});

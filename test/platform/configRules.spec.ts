/**
 * Section rules AWS, Feast and MWAA would otherwise enforce at deploy or run time: Redshift names,
 * reserved words and node counts, Feast's entity and column rules, Airflow options the platform or
 * MWAA owns, the VPC's CIDR and subnet sizes. Each refusal names the full config key.
 */
import * as assert from "assert";

import { awsxSubnetPrefix, vpcCidrProblems } from "../../components/network/addressRules";
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

    describe("Redshift node type × node count (Management Guide: node range with create cluster)", () => {
        const key = "mlops-platform:featureStore.offlineStore.numberOfNodes";
        const nodes = (nodeType: string, numberOfNodes: number) => problemsOf(cluster({ nodeType, numberOfNodes }));

        it("ra3.4xlarge on dev's default single node names nodeType and says the default was used", () => {
            assert.deepStrictEqual(problemsOf(cluster({ nodeType: "ra3.4xlarge" })), [
                "mlops-platform:featureStore.offlineStore.nodeType: ra3.4xlarge clusters are created with 2-32 nodes " +
                    "(no single-node clusters; only an elastic resize reaches 64); got 1 (the dev default node count)",
            ]);
        });

        it("ra3.xlplus: 1 (single-node) to 16 pass; 0 and 17 name numberOfNodes (32 only by elastic resize)", () => {
            assert.deepStrictEqual(
                [nodes("ra3.xlplus", 1), nodes("ra3.xlplus", 2), nodes("ra3.xlplus", 16)],
                [[], [], []],
            );
            for (const count of [0, 17])
                assert.deepStrictEqual(nodes("ra3.xlplus", count), [
                    `${key}: ra3.xlplus clusters are created with 1-16 nodes ` +
                        `(only an elastic resize reaches 32); got ${count}`,
                ]);
        });

        it("ra3.4xlarge: 2 to 32 pass; 1 and 33 name numberOfNodes (64 only by elastic resize)", () => {
            assert.deepStrictEqual([nodes("ra3.4xlarge", 2), nodes("ra3.4xlarge", 32)], [[], []]);
            for (const count of [1, 33])
                assert.deepStrictEqual(nodes("ra3.4xlarge", count), [
                    `${key}: ra3.4xlarge clusters are created with 2-32 nodes ` +
                        `(no single-node clusters; only an elastic resize reaches 64); got ${count}`,
                ]);
        });

        it("ra3.16xlarge: 2 to 128 pass; 1 and 129 name numberOfNodes", () => {
            assert.deepStrictEqual([nodes("ra3.16xlarge", 2), nodes("ra3.16xlarge", 128)], [[], []]);
            for (const count of [1, 129])
                assert.deepStrictEqual(nodes("ra3.16xlarge", count), [
                    `${key}: ra3.16xlarge clusters are created with 2-128 nodes ` +
                        `(no single-node clusters); got ${count}`,
                ]);
        });

        it("ra3.large (not in the stored table; the xlplus shape): 1 to 16 pass; 0 and 17 name numberOfNodes", () => {
            assert.deepStrictEqual(
                [problemsOf(cluster({})), nodes("ra3.large", 1), nodes("ra3.large", 16)],
                [[], [], []],
            );
            for (const count of [0, 17])
                assert.deepStrictEqual(nodes("ra3.large", count), [
                    `${key}: ra3.large clusters are created with 1-16 nodes; got ${count}`,
                ]);
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

    describe("VPC CIDR (VPC User Guide: VPC CIDR blocks; provider: aws_vpc cidr_block) and subnet sizes", () => {
        const cidr = (block: string, availabilityZones?: number) => (c: Record<string, any>) =>
            (c.network = {
                cidrBlock: block,
                ...(availabilityZones
                    ? { availabilityZones }
                    : { availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az4"] }),
            });
        const key = "mlops-platform:network.cidrBlock";

        it("block sizes: /16 and /28 pass; /15 and /29 name the key (allowed block size /16 to /28)", () => {
            assert.deepStrictEqual([vpcCidrProblems("10.0.0.0/16"), vpcCidrProblems("10.0.0.0/28")], [[], []]);
            for (const block of ["10.0.0.0/15", "10.0.0.0/29"])
                assert.deepStrictEqual(problemsOf(cidr(block)), [
                    `${key}: must be between /16 and /28 (VPC CIDR block sizes)`,
                ]);
            // A /28 VPC is valid, but too small for awsx's subnets: only the sizing rule answers it.
            assert.deepStrictEqual(problemsOf(cidr("10.0.0.0/28")), [
                `${key}: 10.0.0.0/28 split into 3 AZs x 2 subnets gives /31 subnets; AWS's smallest subnet is /28 ` +
                    "(use /25 or wider, or fewer AZs)",
            ]);
        });

        it("host bits set name the key and the network address (provider: IsCIDRNetwork, expected 10.0.0.0/16)", () => {
            assert.deepStrictEqual(problemsOf(cidr("10.0.0.1/16")), [
                `${key}: must be written as its network address 10.0.0.0/16: ` +
                    "the AWS provider refuses host bits in a VPC's cidr_block",
            ]);
            assert.deepStrictEqual(problemsOf(cidr("100.68.0.18/18")), [
                `${key}: must be written as its network address 100.68.0.0/18: ` +
                    "the AWS provider refuses host bits in a VPC's cidr_block",
            ]);
        });

        it("RFC 1918, 100.64.0.0/10 and 198.19.0.0/16 pass (the ranges the association table lists)", () => {
            for (const block of ["10.0.0.0/16", "172.31.0.0/16", "192.168.0.0/20", "100.64.0.0/16", "198.19.0.0/16"])
                assert.deepStrictEqual(problemsOf(cidr(block)), [], block);
        });

        it("link-local 169.254.0.0/16, which AWS does not assign to VPCs, names the key", () => {
            assert.deepStrictEqual(problemsOf(cidr("169.254.0.0/16")), [
                `${key}: overlaps 169.254.0.0/16, the link-local block AWS does not assign to VPCs`,
            ]);
        });

        it("172.17.0.0/16 and public blocks name the key and say the rule is the platform's own", () => {
            assert.deepStrictEqual(problemsOf(cidr("172.17.0.0/16")), [
                `${key}: overlaps 172.17.0.0/16, which AWS asks VPCs to avoid because SageMaker uses it ` +
                    "(the platform's own rule: AWS would accept it)",
            ]);
            for (const block of ["8.8.0.0/16", "11.0.0.0/16", "100.128.0.0/16"])
                assert.deepStrictEqual(problemsOf(cidr(block)), [
                    `${key}: is publicly routable; use a block within ` +
                        "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, 198.19.0.0/16 " +
                        "(the platform's own rule: AWS would accept it, but the VPC holds only private workloads)",
                ]);
        });

        it("a malformed block names the key", () => {
            for (const block of ["10.0.0.256/16", "10.0.0.0/33", "10.0.0.0"])
                assert.deepStrictEqual(problemsOf(cidr(block)), [
                    `${key}: must be an IPv4 CIDR such as 10.0.0.0/16 (octets 0-255, prefix 0-32)`,
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
});

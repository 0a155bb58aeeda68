import * as assert from "assert";
import { parsePlatformConfig } from "../../components/platform/platformConfig";
import { errorMessage } from "../support/helpers";
import { configProblems, minimalPlatformConfig } from "../support/platformConfigFixtures";

/** The problems of a config that must be rejected. */
function problemsOf(raw: unknown): string[] {
    const problems = configProblems(raw);
    assert.ok(problems.length > 0, "expected the config to be rejected");
    return problems;
}

/** Both problems of one config, in key order, under the one heading. */
const ENVIRONMENT_THEN_PROJECT = new RegExp(
    /^invalid stack configuration:\n {2}- mlops-platform:environment: .*/.source +
        /\n {2}- mlops-platform:featureStore\.project: /.source,
);

describe("config", () => {
    describe("errors name the key and the allowed values", () => {
        it("unknown top-level key", () => {
            const problems = problemsOf({ ...minimalPlatformConfig(), featureStor: {} });
            assert.ok(
                problems.some((p) =>
                    p.startsWith("mlops-platform:featureStor: unknown key (allowed: environment, tags, network"),
                ),
                problems.join("\n"),
            );
        });

        it("unknown nested key", () => {
            const config = minimalPlatformConfig();
            config.featureStore.offlineStore = { engine: "redshift-serverless", baseCapacity: 8 };
            assert.deepStrictEqual(problemsOf(config), [
                "mlops-platform:featureStore.offlineStore.baseCapacity: unknown key (allowed: engine, " +
                    "baseCapacityRpu, maxCapacityRpu, databaseName, adminUsername, nodeType, numberOfNodes)",
            ]);
        });

        it("missing environment", () => {
            const { environment: _, ...config } = minimalPlatformConfig();
            assert.deepStrictEqual(problemsOf(config), [
                'mlops-platform:environment: is required (one of "dev", "staging", "prod")',
            ]);
        });

        it("wrong type", () => {
            const config = minimalPlatformConfig();
            config.featureStore.featureViews[0].name = 42;
            assert.deepStrictEqual(problemsOf(config), [
                "mlops-platform:featureStore.featureViews[0].name: Invalid input: expected string, received number",
            ]);
        });

        it("a shared entity with two join keys names the second view's entity", () => {
            const config = minimalPlatformConfig();
            const first = config.featureStore.featureViews[0];
            config.featureStore.featureViews.push({ ...first, name: "second_view", joinKey: "other_key" });
            assert.deepStrictEqual(problemsOf(config), [
                `mlops-platform:featureStore.featureViews[1].entity: entity "${first.entity}" is declared by ` +
                    `featureViews[0] with join key ${first.joinKey} (${first.joinKeyType ?? "string"}); ` +
                    "Feast keeps one entity per name, so use the same joinKey/joinKeyType or another entity name",
            ]);
        });

        it("wrong enum", () => {
            assert.deepStrictEqual(problemsOf({ ...minimalPlatformConfig(), environment: "production" }), [
                'mlops-platform:environment: must be one of "dev", "staging", "prod"',
            ]);
        });

        it("wrong engine enum", () => {
            const config = minimalPlatformConfig();
            config.featureStore.offlineStore = { engine: "athena" };
            assert.deepStrictEqual(problemsOf(config), [
                'mlops-platform:featureStore.offlineStore.engine: must be one of "redshift-serverless", ' +
                    '"redshift-cluster"',
            ]);
        });

        // Changed on purpose (issue 15): 4 RPU and 544–1024 RPU are capacities AWS now offers.
        for (const rpu of [2, 516, 1056]) {
            it(`out-of-range capacity ${rpu}`, () => {
                const config = minimalPlatformConfig();
                config.featureStore.offlineStore = { baseCapacityRpu: rpu };
                assert.deepStrictEqual(problemsOf(config), [
                    "mlops-platform:featureStore.offlineStore.baseCapacityRpu: must be 4, a multiple of 8 " +
                        "from 8 to 512, or a multiple of 32 from 544 to 1024",
                ]);
            });
        }

        for (const rpu of [4, 8, 512, 544, 1024]) {
            it(
                `capacity ${rpu} RPU is accepted ` +
                    `(https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html)`,
                () => {
                    const config = minimalPlatformConfig();
                    config.featureStore.offlineStore = { baseCapacityRpu: rpu, maxCapacityRpu: Math.max(rpu, 1024) };
                    parsePlatformConfig(config);
                },
            );
        }

        it("capacity not a multiple of 8", () => {
            const config = minimalPlatformConfig();
            config.featureStore.offlineStore = { baseCapacityRpu: 12 };
            assert.deepStrictEqual(problemsOf(config), [
                "mlops-platform:featureStore.offlineStore.baseCapacityRpu: must be 4, a multiple of 8 from " +
                    "8 to 512, or a multiple of 32 from 544 to 1024",
            ]);
        });

        it("duplicate feature view", () => {
            const config = minimalPlatformConfig();
            config.featureStore.featureViews.push({ ...config.featureStore.featureViews[0] });
            assert.deepStrictEqual(problemsOf(config), [
                'mlops-platform:featureStore.featureViews[1].name: duplicate feature view "customer_rfm_features"',
            ]);
        });

        it("duplicate feature name (Glue columns are case-insensitive)", () => {
            const config = minimalPlatformConfig();
            config.featureStore.featureViews[0].features = { recency: "int32", Recency: "int64" };
            assert.deepStrictEqual(problemsOf(config), [
                "mlops-platform:featureStore.featureViews[0].features.Recency: duplicate feature name: " +
                    '"Recency" and "recency" are the same Glue column (names are case-insensitive)',
            ]);
        });

        it("feature reusing a Feast timestamp column", () => {
            const config = minimalPlatformConfig();
            config.featureStore.featureViews[0].features = { event_timestamp: "timestamp" };
            assert.deepStrictEqual(problemsOf(config), [
                'mlops-platform:featureStore.featureViews[0].features.event_timestamp: "event_timestamp" ' +
                    "is reserved (join key or Feast timestamp column)",
            ]);
        });

        it("bad feature type name", () => {
            const config = minimalPlatformConfig();
            config.featureStore.featureViews[0].features = { recency: "integer" };
            assert.deepStrictEqual(problemsOf(config), [
                'mlops-platform:featureStore.featureViews[0].features.recency: must be one of "int32", ' +
                    '"int64", "float", "double", "string", "bool", "timestamp"',
            ]);
        });

        it("bad project name", () => {
            const config = minimalPlatformConfig();
            config.featureStore.project = "Customer-Segmentation";
            assert.deepStrictEqual(problemsOf(config), [
                "mlops-platform:featureStore.project: must start with a lower-case letter and contain only " +
                    "a-z, 0-9 and _ (max 63 characters)",
            ]);
        });

        it("no feature views", () => {
            const config = minimalPlatformConfig();
            config.featureStore.featureViews = [];
            assert.deepStrictEqual(problemsOf(config), [
                "mlops-platform:featureStore.featureViews: must declare at least one feature view",
            ]);
        });

        it("cluster-only setting with the serverless engine", () => {
            const config = minimalPlatformConfig();
            config.featureStore.offlineStore = { nodeType: "ra3.xlplus" };
            assert.deepStrictEqual(problemsOf(config), [
                'mlops-platform:featureStore.offlineStore.nodeType: does not apply to engine "redshift-serverless"',
            ]);
        });

        it("well-known default admin user name", () => {
            const config = minimalPlatformConfig();
            config.featureStore.offlineStore = { adminUsername: "admin" };
            assert.deepStrictEqual(problemsOf(config), [
                'mlops-platform:featureStore.offlineStore.adminUsername: "admin" is a well-known default; ' +
                    "choose another name",
            ]);
        });

        it("capacity settings with PAY_PER_REQUEST billing", () => {
            const config = minimalPlatformConfig();
            config.featureStore.onlineStore = { readCapacity: 5 };
            assert.deepStrictEqual(problemsOf(config), [
                "mlops-platform:featureStore.onlineStore.readCapacity: applies only to billingMode PROVISIONED",
            ]);
        });

        it("bring-your-own network with one subnet", () => {
            const config = {
                ...minimalPlatformConfig(),
                network: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0123456789abcdef0"] },
            };
            assert.deepStrictEqual(problemsOf(config), [
                "mlops-platform:network.privateSubnetIds: needs at least 2 private subnets in different " +
                    "AZs (MWAA requires two)",
            ]);
        });

        it("fewer than three AZs for Redshift Serverless (generated and brought VPC)", () => {
            assert.deepStrictEqual(problemsOf({ ...minimalPlatformConfig(), network: { availabilityZones: 2 } }), [
                "mlops-platform:network.availabilityZones: needs at least 3 (Redshift Serverless requires " +
                    "subnets in three AZs); use engine redshift-cluster for two",
            ]);
            const twoSubnets = {
                vpcId: "vpc-0123456789abcdef0",
                privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
            };
            assert.deepStrictEqual(problemsOf({ ...minimalPlatformConfig(), network: twoSubnets }), [
                "mlops-platform:network.privateSubnetIds: needs at least 3 (Redshift Serverless requires " +
                    "subnets in three AZs); use engine redshift-cluster for two",
            ]);
            const cluster = minimalPlatformConfig();
            cluster.featureStore.offlineStore = { engine: "redshift-cluster" };
            assert.strictEqual(
                parsePlatformConfig({ ...cluster, network: twoSubnets }).network?.privateSubnetIds?.length,
                2,
            );
        });

        it("bring-your-own network mixed with generated-VPC settings", () => {
            const config = {
                ...minimalPlatformConfig(),
                network: {
                    vpcId: "vpc-0123456789abcdef0",
                    privateSubnetIds: [
                        "subnet-0123456789abcdef0",
                        "subnet-0123456789abcdef1",
                        "subnet-0123456789abcdef2",
                    ],
                    natGateways: "single",
                },
            };
            assert.deepStrictEqual(problemsOf(config), [
                "mlops-platform:network.natGateways: applies only to the generated VPC; remove it when bringing vpcId",
            ]);
        });

        it("KMS alias instead of key ARN", () => {
            const config = { ...minimalPlatformConfig(), encryption: { kmsKeyArn: "alias/mine" } };
            assert.deepStrictEqual(problemsOf(config), [
                "mlops-platform:encryption.kmsKeyArn: must be a KMS key ARN " +
                    "(arn:aws:kms:<region>:<account>:key/<uuid> or key/mrk-<32 hex> for a multi-Region key); " +
                    "aliases are not accepted",
            ]);
        });

        it(
            "a multi-Region key ARN is accepted " +
                "(https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html)",
            () => {
                const config = {
                    ...minimalPlatformConfig(),
                    encryption: {
                        kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
                    },
                };
                assert.deepStrictEqual(parsePlatformConfig(config).encryption, config.encryption);
            },
        );

        it("tags overriding a platform tag", () => {
            const problems = problemsOf({
                ...minimalPlatformConfig(),
                tags: { environment: "prod", "aws:owner": "x" },
            });
            assert.deepStrictEqual(problems, [
                "mlops-platform:tags.environment: is set by the platform (environment, managed-by are reserved)",
                "mlops-platform:tags.aws:owner: the aws: and mlops-platform: prefixes are reserved",
            ]);
        });

        // One bad value per remaining key: each message starts with the key's full path.
        const perKey: [string, (c: Record<string, any>) => void][] = [
            ["mlops-platform:network.natGateways", (c) => (c.network = { natGateways: "perAz" })],
            [
                "mlops-platform:network.availabilityZones",
                (c) => {
                    c.network = { availabilityZones: 7 };
                    c.featureStore.offlineStore = { engine: "redshift-cluster" }; // (no AZ IDs needed)
                },
            ],
            ["mlops-platform:network.cidrBlock", (c) => (c.network.cidrBlock = "10.0.0.0/8")],
            [
                "mlops-platform:network.vpcId",
                (c) =>
                    (c.network = {
                        vpcId: "my-vpc",
                        privateSubnetIds: [
                            "subnet-0123456789abcdef0",
                            "subnet-0123456789abcdef1",
                            "subnet-0123456789abcdef2",
                        ],
                    }),
            ],
            ["mlops-platform:dataLake.rawRetentionDays", (c) => (c.dataLake = { rawRetentionDays: 0 })],
            [
                "mlops-platform:dataLake.predictionsRetentionDays",
                (c) => (c.dataLake = { predictionsRetentionDays: 1.5 }),
            ],
            ["mlops-platform:dataLake.captureRetentionDays", (c) => (c.dataLake = { captureRetentionDays: 5000 })],
            ["mlops-platform:dataLake.accessLogRetentionDays", (c) => (c.dataLake = { accessLogRetentionDays: -1 })],
            [
                "mlops-platform:dataLake.noncurrentVersionExpirationDays",
                (c) => (c.dataLake = { noncurrentVersionExpirationDays: 0 }),
            ],
            [
                "mlops-platform:dataLake.infrequentAccessAfterDays",
                (c) => (c.dataLake = { infrequentAccessAfterDays: 10 }),
            ],
            [
                "mlops-platform:featureStore.offlineStore.maxCapacityRpu",
                (c) => (c.featureStore.offlineStore = { baseCapacityRpu: 32, maxCapacityRpu: 16 }),
            ],
            [
                "mlops-platform:featureStore.offlineStore.nodeType",
                (c) => (c.featureStore.offlineStore = { engine: "redshift-cluster", nodeType: "dc2.large" }),
            ],
            [
                "mlops-platform:featureStore.offlineStore.numberOfNodes",
                (c) => (c.featureStore.offlineStore = { engine: "redshift-cluster", numberOfNodes: 0 }),
            ],
            [
                "mlops-platform:featureStore.offlineStore.databaseName",
                (c) => (c.featureStore.offlineStore = { databaseName: "Features" }),
            ],
            [
                "mlops-platform:featureStore.onlineStore.billingMode",
                (c) => (c.featureStore.onlineStore = { billingMode: "ON_DEMAND" }),
            ],
            [
                "mlops-platform:featureStore.onlineStore.maxReadCapacity",
                (c) => (c.featureStore.onlineStore = { billingMode: "PROVISIONED", maxReadCapacity: 3 }),
            ],
            [
                "mlops-platform:featureStore.onlineStore.maxWriteCapacity",
                (c) =>
                    (c.featureStore.onlineStore = {
                        billingMode: "PROVISIONED",
                        writeCapacity: 20,
                        maxWriteCapacity: 10,
                    }),
            ],
            [
                "mlops-platform:featureStore.featureViews[0].entity",
                (c) => (c.featureStore.featureViews[0].entity = "Customer"),
            ],
            [
                "mlops-platform:featureStore.featureViews[0].joinKey",
                (c) => (c.featureStore.featureViews[0].joinKey = "customer-id"),
            ],
            [
                "mlops-platform:featureStore.featureViews[0].joinKeyType",
                (c) => (c.featureStore.featureViews[0].joinKeyType = "int32"),
            ],
            [
                "mlops-platform:featureStore.featureViews[0].features",
                (c) => (c.featureStore.featureViews[0].features = {}),
            ],
            ["mlops-platform:tags.bad|key", (c) => (c.tags = { "bad|key": "x" })],
        ];
        for (const [key, breakIt] of perKey) {
            it(`names ${key}`, () => {
                const config = minimalPlatformConfig();
                breakIt(config);
                const problems = problemsOf(config);
                assert.strictEqual(problems.length, 1, problems.join("\n"));
                assert.ok(problems[0].startsWith(`${key}: `), problems[0]);
            });
        }

        it("reports every problem at once", () => {
            const config = minimalPlatformConfig();
            config.environment = "qa";
            config.featureStore.project = "Bad";
            const message = errorMessage(() => parsePlatformConfig(config));
            assert.match(message, ENVIRONMENT_THEN_PROJECT);
        });
    });
});

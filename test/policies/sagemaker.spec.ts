import * as assert from "assert";
import {
    sagemakerEndpointConfigKms,
    sagemakerImageDigestInProd,
    sagemakerModelNetwork,
    sagemakerNoFixedNames,
    sagemakerProdDeploymentConfig,
    sagemakerProdInstanceCount,
    sagemakerVariants,
} from "../../policies/rules/sagemaker";
import { checkResource, withChange } from "./harness";
import { PROD, model, config, endpoint, asModel, asConfig, asEndpoint } from "./sagemakerFixtures";

describe("policies/sagemaker", () => {
    it("the ModelEndpoint resources pass every resource rule in prod", async () => {
        for (const [policy, resource] of [
            [sagemakerEndpointConfigKms, asConfig(config)],
            [sagemakerProdInstanceCount, asConfig(config)],
            [sagemakerModelNetwork, asModel(model)],
            [sagemakerNoFixedNames, asModel(model)],
            [sagemakerNoFixedNames, asConfig(config)],
            [sagemakerVariants, asConfig(config)],
            [sagemakerProdDeploymentConfig, asEndpoint(endpoint)],
            [sagemakerImageDigestInProd, asModel(model)],
        ] as const) {
            assert.deepStrictEqual(await checkResource(policy, resource, PROD), [], policy.name);
        }
    });

    it("sagemaker-endpoint-config-kms reports a missing key", async () => {
        assert.deepStrictEqual(
            await checkResource(sagemakerEndpointConfigKms, asConfig(withChange(config, "kmsKeyArn", undefined))),
            ['endpoint configuration "endpoint-config" has no kmsKeyArn; set it to the stack\'s KMS key.'],
        );
    });

    it(
        "sagemaker-endpoint-config-kms exempts exactly local-NVMe instance types (CreateEndpointConfig refuses " +
            "KmsKeyId for them)",
        async () => {
            const gpu = withChange(
                withChange(config, "kmsKeyArn", undefined),
                "productionVariants.1.instanceType",
                "ml.g5.xlarge",
            );
            assert.deepStrictEqual(await checkResource(sagemakerEndpointConfigKms, asConfig(gpu)), []);
            for (const t of ["ml.g4dn.xlarge", "ml.m5d.large", "ml.p4d.24xlarge", "ml.trn1.2xlarge"]) {
                const local = withChange(
                    withChange(config, "kmsKeyArn", undefined),
                    "productionVariants.0.instanceType",
                    t,
                );
                assert.deepStrictEqual(await checkResource(sagemakerEndpointConfigKms, asConfig(local)), [], t);
            }
            // EBS-backed GPU and accelerator types keep the key requirement.
            for (const t of ["ml.p3.2xlarge", "ml.inf2.xlarge", "ml.c5.xlarge"]) {
                const ebs = withChange(
                    withChange(config, "kmsKeyArn", undefined),
                    "productionVariants.0.instanceType",
                    t,
                );
                assert.strictEqual((await checkResource(sagemakerEndpointConfigKms, asConfig(ebs))).length, 1, t);
            }
            assert.deepStrictEqual(
                await checkResource(
                    sagemakerEndpointConfigKms,
                    asConfig(withChange(config, "productionVariants.1.instanceType", "ml.g5.xlarge")),
                ),
                [
                    'endpoint configuration "endpoint-config" sets kmsKeyArn with ml.g5.xlarge (local NVMe storage): ' +
                        "SageMaker refuses the key for those types; leave kmsKeyArn unset.",
                ],
            );
        },
    );

    it(
        "sagemaker-endpoint-config-kms reads shadow variants too " + "(they are production variants of the config)",
        async () => {
            const shadow = {
                variantName: "shadow",
                modelName: "m",
                initialInstanceCount: 1,
                instanceType: "ml.g5.xlarge",
            };
            const withShadow = { ...config, shadowProductionVariants: [shadow] };
            assert.deepStrictEqual(
                await checkResource(
                    sagemakerEndpointConfigKms,
                    asConfig(withChange(withShadow, "kmsKeyArn", undefined)),
                ),
                [],
            );
            assert.deepStrictEqual(await checkResource(sagemakerEndpointConfigKms, asConfig(withShadow)), [
                'endpoint configuration "endpoint-config" sets kmsKeyArn with ml.g5.xlarge (local NVMe storage): ' +
                    "SageMaker refuses the key for those types; leave kmsKeyArn unset.",
            ]);
        },
    );

    it(
        "sagemaker-prod-instance-count reports a single instance in prod only, " + "and skips serverless variants",
        async () => {
            const single = asConfig(withChange(config, "productionVariants.1.initialInstanceCount", 1));
            assert.deepStrictEqual(await checkResource(sagemakerProdInstanceCount, single, PROD), [
                'endpoint configuration "endpoint-config": variant "challenger" starts 1 instance in prod; set ' +
                    "initialInstanceCount to at least 2.",
            ]);
            assert.deepStrictEqual(
                await checkResource(sagemakerProdInstanceCount, single, { config: { environment: "staging" } }),
                [],
            );
            const serverless = asConfig({
                ...config,
                productionVariants: [
                    {
                        variantName: "primary",
                        modelName: "m",
                        serverlessConfig: { memorySizeInMb: 2048, maxConcurrency: 20 },
                    },
                ],
            });
            assert.deepStrictEqual(await checkResource(sagemakerProdInstanceCount, serverless, PROD), []);
        },
    );

    it("sagemaker-model-network reports neither VPC nor isolation", async () => {
        assert.deepStrictEqual(
            await checkResource(sagemakerModelNetwork, asModel(withChange(model, "vpcConfig", undefined))),
            [
                'model "primary-model" has neither vpcConfig nor enableNetworkIsolation; run it in the ' +
                    "private subnets with vpcConfig.",
            ],
        );
        assert.deepStrictEqual(
            await checkResource(
                sagemakerModelNetwork,
                asModel({ ...withChange(model, "vpcConfig", undefined), enableNetworkIsolation: true }),
            ),
            [],
        );
    });

    it("sagemaker-no-fixed-names accepts provider auto-names and reports fixed names", async () => {
        assert.deepStrictEqual(
            await checkResource(sagemakerNoFixedNames, asModel({ ...model, name: "primary-model-1a2b3c4" })),
            [],
        );
        assert.deepStrictEqual(
            await checkResource(sagemakerNoFixedNames, asModel({ ...model, name: "customer-segmentation" })),
            [
                'model "primary-model" has the fixed name "customer-segmentation"; remove name so ' +
                    "replacements get a fresh one.",
            ],
        );
        assert.deepStrictEqual(
            await checkResource(sagemakerNoFixedNames, asConfig({ ...config, name: "customer-segmentation-config" })),
            [
                'endpoint configuration "endpoint-config" has the fixed name ' +
                    '"customer-segmentation-config"; remove name so replacements get a fresh one.',
            ],
        );
    });

    it("sagemaker-variants-valid reports duplicate names and non-positive weights", async () => {
        assert.deepStrictEqual(
            await checkResource(
                sagemakerVariants,
                asConfig(withChange(config, "productionVariants.1.variantName", "primary")),
            ),
            [
                'endpoint configuration "endpoint-config": variant name "primary" is used twice; variant ' +
                    "names must be unique.",
            ],
        );
        assert.deepStrictEqual(
            await checkResource(
                sagemakerVariants,
                asConfig(withChange(config, "productionVariants.1.initialVariantWeight", 0)),
            ),
            [
                'endpoint configuration "endpoint-config": variant "challenger" has weight 0; weights must ' +
                    "be greater than 0.",
            ],
        );
    });

    it("sagemaker-prod-deployment-config reports a missing config, update policy or alarms", async () => {
        assert.deepStrictEqual(
            await checkResource(
                sagemakerProdDeploymentConfig,
                asEndpoint(withChange(endpoint, "deploymentConfig", undefined)),
                PROD,
            ),
            [
                'endpoint "endpoint" has no deploymentConfig in prod; add a blue/green update policy with ' +
                    "auto-rollback alarms.",
            ],
        );
        assert.deepStrictEqual(
            await checkResource(
                sagemakerProdDeploymentConfig,
                asEndpoint(withChange(endpoint, "deploymentConfig.blueGreenUpdatePolicy", undefined)),
                PROD,
            ),
            ['endpoint "endpoint": deploymentConfig has no blueGreenUpdatePolicy or rollingUpdatePolicy.'],
        );
        assert.deepStrictEqual(
            await checkResource(
                sagemakerProdDeploymentConfig,
                asEndpoint(withChange(endpoint, "deploymentConfig.autoRollbackConfiguration.alarms", [])),
                PROD,
            ),
            [
                'endpoint "endpoint": deploymentConfig has no autoRollbackConfiguration alarms; add the ' +
                    "endpoint's error/latency alarms.",
            ],
        );
        assert.deepStrictEqual(
            await checkResource(sagemakerProdDeploymentConfig, asEndpoint({ endpointConfigName: "x" }), {
                config: { environment: "dev" },
            }),
            [],
        );
    });

    it("sagemaker-image-digest-in-prod reports a tag in prod", async () => {
        const tagged = asModel(
            withChange(model, "primaryContainer.image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/serving:v0.0"),
        );
        assert.deepStrictEqual(await checkResource(sagemakerImageDigestInProd, tagged, PROD), [
            'model "primary-model" uses image "123456789012.dkr.ecr.us-east-1.amazonaws.com/serving:v0.0" ' +
                "in prod; pin it by digest (…@sha256:<digest>).",
        ]);
        assert.deepStrictEqual(
            await checkResource(sagemakerImageDigestInProd, tagged, { config: { environment: "dev" } }),
            [],
        );
    });
});

import * as assert from "assert";
import { sagemakerServerlessConstraints } from "../../policies/rules/sagemaker";
import { StackResource, checkStack, messages, urnOf, withChange } from "./harness";
import { MODEL, CONFIG, KEY, model, config } from "./sagemakerFixtures";

describe("policies/sagemaker", () => {
    describe("sagemaker-serverless-constraints", () => {
        const serverlessVariant = {
            variantName: "primary",
            modelName: "serverless-model-abc1234",
            serverlessConfig: { memorySizeInMb: 2048, maxConcurrency: 20 },
        };
        const stack = (
            configProps: Record<string, unknown>,
            modelProps: Record<string, unknown> = {
                ...withChange(model, "vpcConfig", undefined),
                name: "serverless-model-abc1234",
            },
        ): StackResource[] => [
            { type: MODEL, name: "serverless-model", props: modelProps },
            {
                type: CONFIG,
                name: "endpoint-config",
                props: configProps,
                deps: { productionVariants: ["serverless-model"] },
            },
        ];
        const ok = { kmsKeyArn: KEY, productionVariants: [serverlessVariant] };
        it("passes one serverless variant without capture or VPC, and ignores instance-based configs", async () => {
            assert.deepStrictEqual(await checkStack(sagemakerServerlessConstraints, stack(ok)), []);
            assert.deepStrictEqual(await checkStack(sagemakerServerlessConstraints, stack(config)), []);
        });
        it("reports a second variant, data capture and a VPC model", async () => {
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        sagemakerServerlessConstraints,
                        stack({ ...ok, productionVariants: [serverlessVariant, config.productionVariants[1]] }),
                    ),
                ),
                [
                    'endpoint configuration "endpoint-config" mixes a serverless variant with 1 other ' +
                        "variant(s); serverless endpoints take one variant.",
                ],
            );
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        sagemakerServerlessConstraints,
                        stack({ ...ok, dataCaptureConfig: config.dataCaptureConfig }),
                    ),
                ),
                [
                    'endpoint configuration "endpoint-config" enables data capture on a serverless ' +
                        "variant; AWS does not support it, remove dataCaptureConfig.",
                ],
            );
            assert.deepStrictEqual(
                await checkStack(
                    sagemakerServerlessConstraints,
                    stack(ok, { ...model, name: "serverless-model-abc1234" }),
                ),
                [
                    {
                        message:
                            'model "serverless-model" serves serverless variant "primary" but has ' +
                            "vpcConfig; serverless endpoints cannot run in a VPC.",
                        urn: urnOf(MODEL, "serverless-model"),
                    },
                ],
            );
        });
    });
});

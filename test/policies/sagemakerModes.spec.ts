import * as assert from "assert";
import {
    sagemakerAsyncOutput,
    sagemakerRollingUpdate,
    sagemakerShadowVariants,
} from "../../policies/rules/sagemakerModes";
import { StackResource, checkResource, checkStack, messages } from "./harness";

const CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
const ENDPOINT = "aws:sagemaker/endpoint:Endpoint";
const BUCKET = "aws:s3/bucket:Bucket";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";
const variant = (name: string, extra: Record<string, unknown> = {}) => ({
    variantName: name,
    modelName: `${name}-model`,
    instanceType: "ml.m5.large",
    initialInstanceCount: 1,
    ...extra,
});
const serverless = { serverlessConfig: { memorySizeInMb: 2048, maxConcurrency: 5 } };
const asConfig = (props: Record<string, unknown>) => ({ type: CONFIG, name: "endpoint-config", props });

describe("policies/sagemakerModes", () => {
    describe("sagemaker-shadow-variants", () => {
        const shadow = {
            kmsKeyArn: KEY,
            productionVariants: [variant("primary")],
            shadowProductionVariants: [variant("challenger")],
        };
        it("passes one production and one shadow variant, and configs without a shadow", async () => {
            assert.deepStrictEqual(await checkResource(sagemakerShadowVariants, asConfig(shadow)), []);
            assert.deepStrictEqual(
                await checkResource(
                    sagemakerShadowVariants,
                    asConfig({ productionVariants: [variant("a"), variant("b")] }),
                ),
                [],
            );
        });
        it("reports two production variants, serverless, Inf1 and asynchronous inference", async () => {
            assert.deepStrictEqual(
                await checkResource(
                    sagemakerShadowVariants,
                    asConfig({
                        ...shadow,
                        productionVariants: [variant("primary", serverless), variant("second")],
                        shadowProductionVariants: [variant("challenger", { instanceType: "ml.inf1.xlarge" })],
                        asyncInferenceConfig: { outputConfig: { s3OutputPath: "s3://b/o" } },
                    }),
                ),
                [
                    'endpoint configuration "endpoint-config" has 2 production and 1 shadow variant(s); ' +
                        "SageMaker takes one of each.",
                    'endpoint configuration "endpoint-config": variant "primary" is serverless; shadow ' +
                        "tests exclude serverless.",
                    'endpoint configuration "endpoint-config": variant "challenger" runs on Inf1; shadow ' +
                        "tests exclude Inf1 instances.",
                    'endpoint configuration "endpoint-config" is asynchronous; shadow tests exclude ' +
                        "asynchronous inference.",
                ],
            );
        });
    });

    describe("sagemaker-rolling-update", () => {
        const rolling = (batch: number, extra: Record<string, unknown> = {}) => ({
            name: "segmentation",
            endpointConfigName: "config-abc1234",
            deploymentConfig: {
                rollingUpdatePolicy: {
                    maximumBatchSize: { type: "CAPACITY_PERCENT", value: batch },
                    waitIntervalInSeconds: 300,
                },
                autoRollbackConfiguration: { alarms: [{ alarmName: "errors" }] },
                ...extra,
            },
        });
        const stack = (endpointProps: Record<string, unknown>, variants: unknown[]): StackResource[] => [
            { type: CONFIG, name: "endpoint-config", props: { name: "config-abc1234", productionVariants: variants } },
            { type: ENDPOINT, name: "endpoint", props: endpointProps },
        ];
        it("passes a rolling update of one instance-based variant", async () =>
            assert.deepStrictEqual(
                await checkStack(sagemakerRollingUpdate, stack(rolling(25), [variant("primary")])),
                [],
            ));
        it("reports multi-variant, serverless, Inf1, batch outside 5-50% and a second policy", async () => {
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        sagemakerRollingUpdate,
                        stack(rolling(60, { blueGreenUpdatePolicy: {} }), [
                            variant("primary", { instanceType: "ml.inf1.xlarge" }),
                            { variantName: "second", modelName: "m", ...serverless },
                        ]),
                    ),
                ),
                [
                    'endpoint "endpoint" sets both blueGreenUpdatePolicy and rollingUpdatePolicy; choose one.',
                    'endpoint "endpoint": rolling batch of 60% is outside 5-50% of the instances.',
                    'endpoint "endpoint" rolls 2 variants; rolling updates exclude multi-variant endpoints.',
                    'endpoint "endpoint": variant "primary" runs on Inf1, where guardrails fall back to all-at-once.',
                    'endpoint "endpoint": variant "second" is serverless; rolling updates exclude it.',
                ],
            );
        });
    });

    describe("sagemaker-async-output", () => {
        const asyncConfig = (output: Record<string, unknown>, variants: unknown[] = [variant("primary")]) => ({
            kmsKeyArn: KEY,
            productionVariants: variants,
            asyncInferenceConfig: { outputConfig: output },
        });
        const stack = (props: Record<string, unknown>): StackResource[] => [
            { type: BUCKET, name: "predictions", props: { bucket: "predictions-abc1234" } },
            { type: CONFIG, name: "endpoint-config", props },
        ];
        const ok = {
            s3OutputPath: "s3://predictions-abc1234/async/e/output/",
            s3FailurePath: "s3://predictions-abc1234/async/e/failure/",
            kmsKeyId: KEY,
        };
        it("passes output and failures in a stack bucket with the key", async () =>
            assert.deepStrictEqual(await checkStack(sagemakerAsyncOutput, stack(asyncConfig(ok))), []));
        it("reports a foreign or missing path, no key, a serverless variant", async () => {
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        sagemakerAsyncOutput,
                        stack(
                            asyncConfig({ s3OutputPath: "s3://someone-else/out/" }, [
                                { variantName: "primary", modelName: "m", ...serverless },
                            ]),
                        ),
                    ),
                ),
                [
                    'endpoint configuration "endpoint-config": asynchronous s3OutputPath ' +
                        '"s3://someone-else/out/" is not in a bucket of this stack.',
                    'endpoint configuration "endpoint-config": asynchronous s3FailurePath undefined is not ' +
                        "in a bucket of this stack.",
                    'endpoint configuration "endpoint-config": asynchronous output has no kmsKeyId; set it ' +
                        "to the stack's key.",
                    'endpoint configuration "endpoint-config": variant "primary" is serverless in an ' +
                        "asynchronous endpoint.",
                ],
            );
        });
    });
});

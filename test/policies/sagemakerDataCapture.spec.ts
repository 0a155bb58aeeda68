import * as assert from "assert";
import { sagemakerProdDataCapture } from "../../policies/rules/sagemaker";
import { StackResource, checkStack, messages, urnOf, withChange } from "./harness";
import { CONFIG, PROD, config } from "./sagemakerFixtures";

describe("policies/sagemaker", () => {
    describe("sagemaker-prod-data-capture", () => {
        const stack = (configProps: Record<string, unknown>): StackResource[] => [
            { type: "aws:s3/bucket:Bucket", name: "capture", props: { bucket: "capture-abc1234" } },
            { type: CONFIG, name: "endpoint-config", props: configProps, deps: { dataCaptureConfig: ["capture"] } },
        ];
        it("passes capture into the stack's bucket with a key", async () => {
            assert.deepStrictEqual(await checkStack(sagemakerProdDataCapture, stack(config), PROD), []);
        });
        it("reports capture off, a foreign bucket and a missing key in prod", async () => {
            assert.deepStrictEqual(
                await checkStack(
                    sagemakerProdDataCapture,
                    stack(withChange(config, "dataCaptureConfig", undefined)),
                    PROD,
                ),
                [
                    {
                        message:
                            'endpoint configuration "endpoint-config" has no data capture in prod; set ' +
                            "dataCaptureConfig with enableCapture true.",
                        urn: urnOf(CONFIG, "endpoint-config"),
                    },
                ],
            );
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        sagemakerProdDataCapture,
                        stack(withChange(config, "dataCaptureConfig.destinationS3Uri", "s3://elsewhere/x")),
                        PROD,
                    ),
                ),
                [
                    'endpoint configuration "endpoint-config" captures to "s3://elsewhere/x", which is not ' +
                        "a bucket of this stack; use the stack's capture bucket.",
                ],
            );
            assert.deepStrictEqual(
                messages(
                    await checkStack(
                        sagemakerProdDataCapture,
                        stack(withChange(config, "dataCaptureConfig.kmsKeyId", undefined)),
                        PROD,
                    ),
                ),
                ['endpoint configuration "endpoint-config": data capture has no kmsKeyId; set it to the stack\'s key.'],
            );
        });
        it("does not apply in dev", async () => {
            assert.deepStrictEqual(
                await checkStack(sagemakerProdDataCapture, stack(withChange(config, "dataCaptureConfig", undefined)), {
                    config: { environment: "dev" },
                }),
                [],
            );
        });
    });
});

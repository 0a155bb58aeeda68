import {
    DescribeEndpointCommand,
    DescribeEndpointConfigCommand,
    ListEndpointConfigsCommand,
    ListEndpointConfigsCommandInput,
} from "@aws-sdk/client-sagemaker";
import * as assert from "assert";
import { verifyEndpoint } from "../../tools/verify/checks";
import {
    awsError,
    client,
    expectedFromConfig,
    expectedFromOutputs,
    fastRetry,
    liveConfig,
    liveEndpoint,
    sagemaker,
    useSageMakerMock,
} from "./endpointFixtures";

describe("verify", () => {
    useSageMakerMock();

    describe("transient failures and jitter", () => {
        const serverError = (name: string, status: number) =>
            Object.assign(new Error(`${name} (${status})`), {
                name,
                $metadata: { httpStatusCode: status },
                $fault: "server",
            });

        it("a 503 and a dropped connection are retried like throttling, then the endpoint matches", async () => {
            sagemaker
                .on(DescribeEndpointCommand)
                .rejectsOnce(serverError("ServiceUnavailable", 503))
                .rejectsOnce(Object.assign(new Error("socket hang up"), { name: "Error", code: "ECONNRESET" }))
                .resolves(liveEndpoint());
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            const retry = fastRetry(4);
            const result = await verifyEndpoint(client(), expectedFromOutputs, retry.options);
            assert.strictEqual(result.exitCode, 0, result.error ?? result.differences.join("\n"));
            assert.strictEqual(sagemaker.commandCalls(DescribeEndpointCommand).length, 3);
            assert.deepStrictEqual(retry.delays, [100, 200]);
        });

        it("a persistent internal failure gives up with a clear reason (exit 2)", async () => {
            sagemaker.on(DescribeEndpointCommand).rejects(serverError("InternalFailure", 500));
            const result = await verifyEndpoint(client(), expectedFromOutputs, fastRetry(3).options);
            assert.strictEqual(result.exitCode, 2);
            assert.strictEqual(
                result.error,
                "DescribeEndpoint: AWS kept failing, gave up after 3 attempts (InternalFailure: " +
                    "InternalFailure (500)); retry later",
            );
        });

        it("client errors are not retried", async () => {
            sagemaker
                .on(DescribeEndpointCommand)
                .rejects(awsError("ValidationException", 'Could not find endpoint "customer-segmentation".'));
            const retry = fastRetry(4);
            await verifyEndpoint(client(), expectedFromOutputs, retry.options);
            assert.strictEqual(sagemaker.commandCalls(DescribeEndpointCommand).length, 1);
            assert.deepStrictEqual(retry.delays, []);
        });

        it(
            "other SDK throttling codes count as throttling " + "(RequestThrottledException, ThrottledException)",
            async () => {
                sagemaker
                    .on(DescribeEndpointCommand)
                    .rejectsOnce(awsError("RequestThrottledException", "slow down"))
                    .rejectsOnce(awsError("ThrottledException", "slow down"))
                    .resolves(liveEndpoint());
                sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
                const result = await verifyEndpoint(client(), expectedFromOutputs, fastRetry(4).options);
                assert.strictEqual(result.exitCode, 0, result.error ?? result.differences.join("\n"));
            },
        );

        it("backoff is jittered: half of the capped delay fixed, half random", async () => {
            sagemaker.on(DescribeEndpointCommand).rejects(awsError("ThrottlingException", "Rate exceeded"));
            const retry = fastRetry(4, () => 0);
            await verifyEndpoint(client(), expectedFromOutputs, retry.options);
            assert.deepStrictEqual(retry.delays, [50, 100, 200]);
        });
    });

    describe("throttling that clears", () => {
        it("retries DescribeEndpoint and a ListEndpointConfigs page, then matches", async () => {
            sagemaker
                .on(DescribeEndpointCommand)
                .rejectsOnce(awsError("ThrottlingException", "Rate exceeded"))
                .rejectsOnce(
                    Object.assign(new Error("slow down"), { name: "SomethingElse", $retryable: { throttling: true } }),
                )
                .resolves(liveEndpoint());
            sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
            let listCalls = 0;
            sagemaker.on(ListEndpointConfigsCommand).callsFake((input: ListEndpointConfigsCommandInput) => {
                listCalls++;
                if (input.NextToken === "page-2" && listCalls === 2)
                    throw awsError("ThrottlingException", "Rate exceeded");
                return input.NextToken === undefined
                    ? { EndpointConfigs: [], NextToken: "page-2" }
                    : {
                          EndpointConfigs: [
                              {
                                  EndpointConfigName: "mlops-prod-serving-0a1b2c3",
                                  EndpointConfigArn: "a",
                                  CreationTime: new Date(),
                              },
                          ],
                      };
            });
            const retry = fastRetry(4);
            const result = await verifyEndpoint(client(), expectedFromConfig, retry.options);
            assert.strictEqual(result.exitCode, 0, result.error ?? result.differences.join("\n"));
            assert.strictEqual(sagemaker.commandCalls(DescribeEndpointCommand).length, 3);
            assert.strictEqual(listCalls, 3);
            assert.deepStrictEqual(retry.delays, [100, 200, 100]);
        });
    });
});

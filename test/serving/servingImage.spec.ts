/**
 * The serving image of the shipped stacks (issue 10, item 6): a first `pulumi up` of any shipped stack file
 * starts no endpoint, because serving stays off until an image is pushed and pinned, and an enabled
 * endpoint refuses the all-zeros placeholder digest with what to pin. CreateModel fails on an image
 * ECR does not hold ("ValidationException ... when calling the CreateModel operation: Requested image
 * <repository> not found", aws-samples/easy-amazon-sagemaker-deployments#4), so an endpoint enabled
 * before its image is pushed would fail the first deploy.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PLACEHOLDER_DIGEST } from "../../components/core/imageReference";
import { readPlatformConfig } from "../../components/platform/platformConfig";
import { loadStack } from "../../tools/plan/stackFiles";
import { projectDir } from "../support/fixtures";
import { configProblems, minimalPlatformConfig } from "../support/platformConfigFixtures";

const serving = (extra: Record<string, unknown>) => ({
    ...minimalPlatformConfig(),
    serving: {
        endpointName: "customer-segmentation",
        image: { digest: PLACEHOLDER_DIGEST },
        variants: [{ name: "primary", instanceType: "ml.m5.large" }],
        ...extra,
    },
});

describe("serving image: nothing starts before an image is pinned", () => {
    it("an enabled endpoint refuses the all-zeros placeholder digest and says what to pin", () => {
        assert.deepStrictEqual(configProblems(serving({})), [
            "mlops-platform:serving.image.digest: is the all-zeros placeholder: push the serving image to the " +
                "modelRepositoryUrl output and pin the digest docker push printed (docs/runbook.md), or set " +
                "serving.enabled: false until then",
        ]);
    });

    it("a disabled endpoint may keep the placeholder, so a stack file carries its serving settings ahead", () => {
        assert.deepStrictEqual(configProblems(serving({ enabled: false })), []);
    });

    it("every shipped stack file keeps serving off, so its first pulumi up creates no model or endpoint", () => {
        const stackFiles = fs.readdirSync(projectDir).filter((f) => /^Pulumi\.[a-z]+\.yaml$/.test(f));
        assert.deepStrictEqual(stackFiles.sort(), ["Pulumi.dev.yaml", "Pulumi.prod.yaml", "Pulumi.staging.yaml"]);
        for (const file of stackFiles) {
            const config = readPlatformConfig(
                loadStack(projectDir, { configFile: path.join(projectDir, file) }).config,
            );
            assert.strictEqual(config.serving?.enabled, false, file);
        }
    });
});

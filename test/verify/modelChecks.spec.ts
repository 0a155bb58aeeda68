/**
 * `verify` reports the served package version and the lineage of every variant's live Model
 * (DescribeModel environment, ListTags), against a mocked SageMaker (aws-sdk-client-mock).
 */
import {
    DescribeEndpointCommand,
    DescribeEndpointConfigCommand,
    DescribeModelCommand,
    DescribeModelPackageCommand,
    ListTagsCommand,
} from "@aws-sdk/client-sagemaker";
import * as assert from "assert";
import { ExpectedEndpoint } from "../../components/serving/servingSpec";
import { verifyEndpoint } from "../../tools/verify/checks";
import {
    DIGEST,
    client,
    expectedFromOutputs,
    fastRetry,
    liveConfig,
    liveEndpoint,
    sagemaker,
    useSageMakerMock,
} from "./endpointFixtures";

const PACKAGE_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/customer-segmentation/7";
const MODEL_ARN = (name: string) => `arn:aws:sagemaker:us-east-1:123456789012:model/${name}`;

/** The prod endpoint where primary serves package version 7 and challenger the image. */
const expected: ExpectedEndpoint = {
    ...expectedFromOutputs,
    variants: expectedFromOutputs.variants.map((v) => (v.name === "primary" ? { ...v, modelPackageVersion: 7 } : v)),
    modelPackageGroupName: "customer-segmentation",
    lineage: {
        primary: { image: "package", artifact: "package", variant: "primary", package: "customer-segmentation/7" },
        challenger: { image: DIGEST, artifact: "none", variant: "challenger" },
    },
};

function mockModels(overrides: { env?: Record<string, string>; packageArn?: string; approval?: string } = {}) {
    sagemaker.on(DescribeEndpointCommand).resolves(liveEndpoint());
    sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig());
    sagemaker.on(DescribeModelCommand, { ModelName: "mlops-prod-serving-primary-1111111" }).resolves({
        ModelName: "mlops-prod-serving-primary-1111111",
        ModelArn: MODEL_ARN("mlops-prod-serving-primary-1111111"),
        PrimaryContainer: {
            ModelPackageName: overrides.packageArn ?? PACKAGE_ARN,
            Environment: overrides.env ?? {
                FEAST_PROJECT: "customer_segmentation",
                MODEL_IMAGE: "package",
                MODEL_ARTIFACT_KEY: "package",
                MODEL_VARIANT: "primary",
                MODEL_PACKAGE: "customer-segmentation/7",
            },
        },
    });
    sagemaker.on(DescribeModelCommand, { ModelName: "mlops-prod-serving-challenger-2222222" }).resolves({
        ModelName: "mlops-prod-serving-challenger-2222222",
        ModelArn: MODEL_ARN("mlops-prod-serving-challenger-2222222"),
        PrimaryContainer: {
            Image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/models@${DIGEST}`,
            Environment: { MODEL_IMAGE: DIGEST, MODEL_ARTIFACT_KEY: "none", MODEL_VARIANT: "challenger" },
        },
    });
    sagemaker.on(ListTagsCommand, { ResourceArn: MODEL_ARN("mlops-prod-serving-primary-1111111") }).resolves({
        Tags: [
            { Key: "environment", Value: "prod" },
            { Key: "mlops-platform:model-image", Value: "package" },
            { Key: "mlops-platform:model-artifact", Value: "package" },
            { Key: "mlops-platform:variant", Value: "primary" },
            { Key: "mlops-platform:model-package", Value: "customer-segmentation/7" },
        ],
    });
    // Two pages: the verifier reads every tag page.
    sagemaker
        .on(ListTagsCommand, { ResourceArn: MODEL_ARN("mlops-prod-serving-challenger-2222222") })
        .resolves({
            Tags: [{ Key: "mlops-platform:model-image", Value: DIGEST }],
            NextToken: "t2",
        })
        .on(ListTagsCommand, { ResourceArn: MODEL_ARN("mlops-prod-serving-challenger-2222222"), NextToken: "t2" })
        .resolves({
            Tags: [
                { Key: "mlops-platform:model-artifact", Value: "none" },
                { Key: "mlops-platform:variant", Value: "challenger" },
            ],
        });
    sagemaker.on(DescribeModelPackageCommand, { ModelPackageName: overrides.packageArn ?? PACKAGE_ARN }).resolves({
        ModelPackageName: "customer-segmentation",
        ModelPackageArn: overrides.packageArn ?? PACKAGE_ARN,
        ModelPackageVersion: 7,
        ModelApprovalStatus: overrides.approval ?? "Approved",
        CreationTime: new Date("2026-11-19T00:00:00Z"),
        ModelPackageStatus: "Completed",
    } as never);
}

const rowsOf = (rows: readonly { check: string; status: string }[], prefix: string) =>
    rows
        .filter((r) => /lineage|package/.test(r.check) && r.check.startsWith(prefix))
        .map((r) => `${r.check}: ${r.status}`);

describe("verify: lineage and model package versions", () => {
    useSageMakerMock();

    it("match: each variant's Model carries its lineage; primary serves approved version 7", async () => {
        mockModels();
        const result = await verifyEndpoint(client(), expected, fastRetry().options);
        assert.deepStrictEqual(result.differences, []);
        assert.strictEqual(result.exitCode, 0);
        assert.deepStrictEqual(rowsOf(result.rows, "variant"), [
            "variant primary: lineage environment: ok",
            "variant primary: lineage tags: ok",
            "variant primary: model package version: ok",
            "variant primary: package version approved: ok",
            "variant challenger: lineage environment: ok",
            "variant challenger: lineage tags: ok",
        ]);
        const served = result.rows.find((r) => r.check === "variant primary: model package version")!;
        assert.strictEqual(served.live, PACKAGE_ARN);
    });

    it("drift: the Model serves another version, which is not approved", async () => {
        const v6 = PACKAGE_ARN.replace(/7$/, "6");
        mockModels({ packageArn: v6, approval: "PendingManualApproval" });
        const result = await verifyEndpoint(client(), expected, fastRetry().options);
        assert.strictEqual(result.exitCode, 1);
        assert.deepStrictEqual(result.differences, [
            `variant primary: model package version: expected …:model-package/customer-segmentation/7, live ${v6}`,
            "variant primary: package version approved: expected Approved, live PendingManualApproval",
        ]);
    });

    it("drift: a Model whose environment lost its lineage is named with both values", async () => {
        mockModels({ env: { MODEL_IMAGE: "package", MODEL_VARIANT: "primary" } });
        const result = await verifyEndpoint(client(), expected, fastRetry().options);
        assert.strictEqual(result.exitCode, 1);
        assert.deepStrictEqual(result.differences, [
            "variant primary: lineage environment: expected " +
                '{"MODEL_ARTIFACT_KEY":"package","MODEL_IMAGE":"package","MODEL_PACKAGE":"customer-segmentation/7",' +
                '"MODEL_VARIANT":"primary"}, live {"MODEL_IMAGE":"package","MODEL_VARIANT":"primary"}',
        ]);
    });

    it("a shadow variant missing from the live config is drift", async () => {
        mockModels();
        const result = await verifyEndpoint(
            client(),
            {
                ...expected,
                shadowVariants: [{ name: "shadow", instanceType: "ml.m5.large", initialInstanceCount: 1, weight: 1 }],
            },
            fastRetry().options,
        );
        assert.strictEqual(result.exitCode, 1);
        assert.deepStrictEqual(result.differences, ["shadow variants: expected shadow, live none"]);
    });

    it("outputs of older stacks (no lineage) skip the model checks and make no model calls", async () => {
        mockModels();
        const { lineage, ...old } = expected;
        void lineage;
        const result = await verifyEndpoint(client(), old, fastRetry().options);
        assert.strictEqual(result.exitCode, 0);
        assert.strictEqual(sagemaker.commandCalls(DescribeModelCommand).length, 0);
    });
});

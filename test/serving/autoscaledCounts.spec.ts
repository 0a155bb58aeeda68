/**
 * What an endpoint update does to an autoscaled variant's count. UpdateEndpoint's RetainAllVariantProperties
 * "The default is false": the update uses "the variant properties specified in a new EndpointConfig", and
 * DesiredInstanceCount comes from its InitialInstanceCount (SageMaker API reference, UpdateEndpoint and
 * VariantProperty). @pulumi/aws 7.48.0 (the newest on npm) sends only EndpointConfigName and DeploymentConfig
 * (terraform-provider-aws issue #48990, PR #49069 still open), so every update restarts the variant at the
 * configuration's count. The platform makes that count the scaling target's minimum: an update never starts a
 * variant outside the autoscaler's range, and the reset point is the one number an operator sets.
 */
import * as assert from "assert";
import { recordedPlan } from "../support/recordedPlans";

describe("autoscaled variants across endpoint updates (counts reset to the scaling floor)", () => {
    it("prod: each autoscaled variant's InitialInstanceCount equals its scalable target's MinCapacity", () => {
        const resources = recordedPlan("prodServing").doc.resources;
        const config = resources.find((r) => r.type === "aws:sagemaker/endpointConfiguration:EndpointConfiguration")!;
        const variants = config.inputs.productionVariants as { variantName: string; initialInstanceCount: number }[];
        const targets = resources.filter((r) => r.type === "aws:appautoscaling/target:Target");
        assert.ok(targets.length > 0, "prod autoscales its primary variant");
        for (const target of targets) {
            const variantName = String(target.inputs.resourceId).split("/variant/")[1];
            const variant = variants.find((v) => v.variantName === variantName)!;
            assert.deepStrictEqual(
                [variantName, variant.initialInstanceCount, target.inputs.maxCapacity],
                [variantName, target.inputs.minCapacity, 6],
            );
        }
        assert.deepStrictEqual(
            targets.map((t) => t.inputs.resourceId),
            ["endpoint/customer-segmentation/variant/primary"],
        );
    });
});

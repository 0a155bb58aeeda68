/**
 * What an endpoint update does to an autoscaled variant's count. UpdateEndpoint's RetainAllVariantProperties
 * "The default is false": the update uses "the variant properties specified in a new EndpointConfig", and
 * DesiredInstanceCount comes from its InitialInstanceCount (SageMaker API reference, UpdateEndpoint and
 * VariantProperty). @pulumi/aws 7.48.0 (the newest on npm) sends only EndpointConfigName and DeploymentConfig
 * (terraform-provider-aws issue #48990, PR #49069 still open), so every update restarts the variant at the
 * configuration's count. The platform keeps that count inside the scaling target's range, so an update never
 * starts a variant where the autoscaler would not keep it.
 */
import * as assert from "assert";
import { recordedPlan } from "../support/recordedPlans";

describe("autoscaled variants across endpoint updates (counts restart inside the scaling range)", () => {
    it("prod: each autoscaled variant's InitialInstanceCount lies in its scalable target's [MinCapacity, MaxCapacity]", () => {
        const resources = recordedPlan("prodServing").doc.resources;
        const config = resources.find((r) => r.type === "aws:sagemaker/endpointConfiguration:EndpointConfiguration")!;
        const variants = config.inputs.productionVariants as { variantName: string; initialInstanceCount: number }[];
        const targets = resources.filter((r) => r.type === "aws:appautoscaling/target:Target");
        assert.deepStrictEqual(
            targets.map((t) => t.inputs.resourceId),
            ["endpoint/customer-segmentation/variant/primary"],
        );
        for (const target of targets) {
            const variantName = String(target.inputs.resourceId).split("/variant/")[1];
            const count = variants.find((v) => v.variantName === variantName)!.initialInstanceCount;
            const { minCapacity, maxCapacity } = target.inputs as { minCapacity: number; maxCapacity: number };
            assert.ok(
                minCapacity <= count && count <= maxCapacity,
                `${variantName}: ${count} in ${minCapacity}-${maxCapacity}`,
            );
        }
    });
});

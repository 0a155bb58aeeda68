import * as assert from "assert";
import { autoscalingKey, scalingKeyDiff } from "../../components/serving/scalingTargetKey";
import { ModelEndpoint } from "../../components/serving/modelEndpoint";
import { resolveVariants } from "../../components/serving/servingSpec";
import { PlannedResource, ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { T, prodEndpointArgs } from "../support/endpointFixtures";

describe("ModelEndpoint", () => {
    describe("autoscaled variants: targets deregistered before, and registered after, an endpoint update", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "prod" });
            new ModelEndpoint("serving", prodEndpointArgs);
            await settle();
        });

        /**
         * Pulumi's order for a delete-before-replace replacement of `root` (pkg/resource/deploy/step_generator.go,
         * calculateDependentReplacements): every resource whose replacement-forcing input (`forcing`) depends on
         * a resource being replaced is deleted first, dependents before what they depend on; then `root` is
         * replaced; the rest of the program then steps in dependency order (updates, re-creations).
         */
        function dbrSteps(root: PlannedResource, forcing: Record<string, string[]>): string[] {
            const replaced = new Set([root.urn]);
            let grew = true;
            while (grew) {
                grew = false;
                for (const r of rec.resources) {
                    if (replaced.has(r.urn)) continue;
                    const keys = forcing[r.type] ?? [];
                    if (keys.some((k) => (r.propertyDependencies[k] ?? []).some((d) => replaced.has(d)))) {
                        replaced.add(r.urn);
                        grew = true;
                    }
                }
            }
            const dependents = rec.resources.filter((r) => replaced.has(r.urn) && r.urn !== root.urn);
            const name = (r: PlannedResource) => `${r.type.split(":").pop()} ${r.name}`;
            // Dependents are deleted in reverse registration order, then the root is replaced.
            const steps = [...dependents].reverse().map((r) => `delete ${name(r)}`);
            steps.push(`delete ${name(root)}`, `create ${name(root)}`);
            // Then the program steps in registration (= dependency) order.
            for (const r of rec.resources.filter((x) => x.custom && x.urn !== root.urn)) {
                steps.push(`${replaced.has(r.urn) ? "create" : "update"} ${name(r)}`);
            }
            return steps;
        }

        it("keys the autoscaling by each autoscaled variant's instance type, replaced delete-before-replace", () => {
            const key = rec.named(T.scalingKey, "serving-autoscaling-key");
            assert.strictEqual(key.inputs.key, "primary=ml.m5.large");
            assert.strictEqual(key.inputs.endpointName, "customer-segmentation");
            assert.strictEqual(key.deleteBeforeReplace, true);
            assert.deepStrictEqual(autoscalingKey(resolveVariants("prod", prodEndpointArgs)), "primary=ml.m5.large");
            const changedType = prodEndpointArgs.variants.map((v) => ({ ...v, instanceType: "ml.c5.xlarge" }));
            assert.strictEqual(
                autoscalingKey(resolveVariants("prod", { ...prodEndpointArgs, variants: changedType })),
                "primary=ml.c5.xlarge",
            );
            // A changed key replaces the key resource, deleting it first; an unchanged one (image change) is no diff.
            assert.deepStrictEqual(scalingKeyDiff({ key: "primary=ml.m5.large" }, { key: "primary=ml.c5.xlarge" }), {
                changes: true,
                replaces: ["key"],
                deleteBeforeReplace: true,
            });
            assert.deepStrictEqual(scalingKeyDiff({ key: "primary=ml.m5.large" }, { key: "primary=ml.m5.large" }), {
                changes: false,
                replaces: [],
                deleteBeforeReplace: true,
            });
        });

        it("the plan's graph orders an instance-type change: deregister, UpdateEndpoint, register", () => {
            const key = rec.named(T.scalingKey, "serving-autoscaling-key");
            const endpoint = rec.named(T.endpoint, "serving");
            const target = rec.named(T.target, "serving-primary");
            // The endpoint waits for the key; the target's resourceId (ForceNew in the provider) reads the key.
            assert.ok(endpoint.dependencies.includes(key.urn));
            assert.ok(target.propertyDependencies.resourceId.includes(key.urn));
            assert.ok(target.propertyDependencies.resourceId.includes(endpoint.urn));
            const steps = dbrSteps(key, { [T.target]: ["resourceId"], [T.scaling]: ["resourceId"] });
            const at = (step: string) => {
                const i = steps.indexOf(step);
                assert.ok(i >= 0, `${step} in ${steps.join("; ")}`);
                return i;
            };
            assert.ok(at("delete Policy serving-primary") < at("delete Target serving-primary"));
            assert.ok(at("delete Target serving-primary") < at("update Endpoint serving"));
            assert.ok(at("update Endpoint serving") < at("create Target serving-primary"));
            assert.ok(at("create Target serving-primary") < at("create Policy serving-primary"));
        });

        it("removing the autoscaled variant changes the key too (to none), so its target is deregistered first", () => {
            const onlyChallenger = resolveVariants("prod", {
                ...prodEndpointArgs,
                variants: [prodEndpointArgs.variants[1]],
            });
            assert.strictEqual(autoscalingKey(onlyChallenger), "none");
            assert.deepStrictEqual(scalingKeyDiff({ key: "primary=ml.m5.large" }, { key: "none" }).replaces, ["key"]);
        });
    });
});

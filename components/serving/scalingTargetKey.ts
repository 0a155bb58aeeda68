/**
 * The order SageMaker requires around an endpoint update for autoscaled variants (real-time or asynchronous).
 *
 * SageMaker: "If the update would change the instance type for any model that is a target for auto scaling,
 * the update fails ... Before you update the endpoint, delete any scaling policies configured for it and
 * deregister the variant as a scalable target ... After you update the endpoint, you can register the
 * updated variant as a scalable target and attach a scaling policy"; the same holds for removing an
 * autoscaled variant (https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-scaling-update.html).
 *
 * Pulumi left alone does the opposite: the endpoint is updated first, old targets are deleted at the end.
 * So a no-op `ScalingTargetKey` carries the autoscaled variants' names and instance types, is replaced
 * delete-before-replace whenever they change, and the endpoint depends on it. Every target's `resourceId`
 * is built from the key's output: when the key is replaced delete-before-replace, Pulumi first deletes the
 * resources whose replacement-forcing inputs depend on it — the policies and targets (Pulumi's
 * `calculateDependentReplacements`, pkg/resource/deploy/step_generator.go) — then the endpoint is updated,
 * then the targets are registered again on the updated endpoint. A model (image) change keeps the key, so
 * targets stay registered: AWS allows that update ("If you change the model for a variant that is
 * configured for auto scaling, Amazon SageMaker AI auto scaling allows the update").
 */
import * as pulumi from "@pulumi/pulumi";
import type { VariantSpec } from "./servingSpec";

/**
 * The identity of the endpoint's autoscaling: `name=instanceType` of every autoscaled variant, sorted, or
 * `none`. Dropping the last autoscaled variant (or its autoscaling) changes it too, so its target is
 * deregistered before the endpoint update that removes the variant. `backlogScaled`: an asynchronous
 * endpoint with `asyncInference.scaling`, where every variant is a scalable target.
 */
export function autoscalingKey(variants: readonly VariantSpec[], backlogScaled = false): string {
    const key = variants
        .filter((v) => backlogScaled || v.autoscaling !== undefined)
        .map((v) => `${v.name}=${v.instanceType}`)
        .sort()
        .join(",");
    return key === "" ? "none" : key;
}

/** The key resource's diff: a changed key replaces it, deleting first (never two keys at once). */
export function scalingKeyDiff(
    olds: { readonly key?: string },
    news: { readonly key?: string },
): pulumi.dynamic.DiffResult {
    const changed = olds.key !== news.key;
    return { changes: changed, replaces: changed ? ["key"] : [], deleteBeforeReplace: true };
}

const scalingKeyProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: { key: string; endpointName: string }) {
        return { id: `${inputs.endpointName}/${inputs.key}`, outs: inputs };
    },
    async diff(_id: string, olds: { key?: string }, news: { key?: string }) {
        return scalingKeyDiff(olds, news);
    },
};

/** A no-op resource (no AWS call) whose replacement orders target deregistration before the endpoint update. */
export class ScalingTargetKey extends pulumi.dynamic.Resource {
    // `declare`: the outputs are set by the base constructor; a class field would reset them.
    /** The endpoint name, read back so targets depend on this resource. */
    declare public readonly endpointName: pulumi.Output<string>;
    /** The autoscaling identity (`autoscalingKey`). */
    declare public readonly key: pulumi.Output<string>;

    constructor(name: string, args: { key: string; endpointName: string }, opts?: pulumi.CustomResourceOptions) {
        super(scalingKeyProvider, name, { ...args }, { ...opts, deleteBeforeReplace: true });
    }
}

/**
 * The key of the endpoint's autoscaling, kept whenever a variant is instance-based (it can autoscale), so
 * turning autoscaling off replaces it rather than removing it at the end of the deployment; undefined for a
 * serverless endpoint.
 */
export function scalingTargetKey(
    parent: pulumi.Resource,
    name: string,
    endpointName: string,
    variants: readonly VariantSpec[],
    backlogScaled = false,
): ScalingTargetKey | undefined {
    if (!variants.some((v) => v.serverless === undefined)) return undefined;
    const key = autoscalingKey(variants, backlogScaled);
    return new ScalingTargetKey(`${name}-autoscaling-key`, { key, endpointName }, { parent });
}

/**
 * Small shared pieces every component uses: required tags, the account/region/partition the
 * stack deploys into, and the resource options that protect stateful children in prod.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Environment, environmentProfile } from "./config";

/**
 * The tags a component puts on its taggable children: `environment` and `managed-by` (required
 * by the policy pack; they win over a caller tag of the same key) and the caller's.
 */
export function stackTags(environment: Environment, tags: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { ...tags, environment, "managed-by": "pulumi" };
}

/** Where the stack deploys, resolved once per component. */
export interface AwsContext {
    readonly accountId: pulumi.Output<string>;
    readonly region: pulumi.Output<string>;
    readonly partition: pulumi.Output<string>;
}

/** Looks up the deploying account, region and partition through the component's provider. */
export function awsContext(parent: pulumi.Resource): AwsContext {
    const opts = { parent };
    return {
        accountId: aws.getCallerIdentityOutput({}, opts).accountId,
        region: aws.getRegionOutput({}, opts).region,
        partition: aws.getPartitionOutput({}, opts).partition,
    };
}

/**
 * Options for children that hold data (buckets, tables, databases, keys, repositories):
 * protected and retained on delete when the environment asks for it (prod). `override`
 * lets a caller force either way.
 */
export function statefulOptions(environment: Environment, override?: boolean): Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete"> {
    const keep = override ?? environmentProfile(environment).protectStatefulResources;
    return keep ? { protect: true, retainOnDelete: true } : {};
}

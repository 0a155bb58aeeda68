/**
 * Small shared pieces every component uses: the account/region/partition the
 * stack deploys into, and the resource options that protect stateful children in prod.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Environment, PLATFORM_DEFAULTS } from "./environment";

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
export function statefulOptions(
    environment: Environment,
    override?: boolean,
): Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete"> {
    const keep = override ?? PLATFORM_DEFAULTS[environment].protectStatefulResources;
    return keep ? { protect: true, retainOnDelete: true } : {};
}

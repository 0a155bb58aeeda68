/**
 * The platform-to-team contract: the platform stack exports one typed, versioned object
 * (`platform`, {@link PlatformOutputs} v1), and team programs read it through
 * {@link PlatformReference} instead of copying names by hand. Additive changes keep version 1;
 * removing or retyping a field is a new version (and a major release, CHANGELOG.md).
 */
import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../core/environment";

/** Version of {@link PlatformOutputs} this package writes and reads. */
export const PLATFORM_OUTPUTS_VERSION = 1;

/** What a platform stack offers team stacks (its `platform` output). */
export interface PlatformOutputs {
    /** Contract version: 1. */
    readonly version: typeof PLATFORM_OUTPUTS_VERSION;
    /** Environment of the platform stack. */
    readonly environment: Environment;
    /** KMS key ARN protecting the platform's data (teams encrypt with it or bring their own). */
    readonly kmsKeyArn: string;
    /**
     * Data lake bucket names by purpose (raw, offlineStore, featureRegistry, modelRegistry, predictions, dataCapture,
     * accessLogs).
     */
    readonly bucketNames: Record<string, string>;
    /** Glue database of the Feast offline store. */
    readonly glueDatabase: string;
    /** DynamoDB online-store table names by feature view. */
    readonly onlineTableNames: Record<string, string>;
    /** VPC of the platform's private workloads. */
    readonly vpcId: string;
    /** Private subnets of that VPC. */
    readonly privateSubnetIds: string[];
    /** Feast `feature_store.yaml`. */
    readonly featureStoreYaml: string;
}

/** Builds the `platform` output from the platform's values (the stack program exports it). */
export function platformOutputs(values: {
    readonly environment: Environment;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly bucketNames: pulumi.Input<Record<string, string>>;
    readonly glueDatabase: pulumi.Input<string>;
    readonly onlineTableNames: pulumi.Input<Record<string, string>>;
    readonly vpcId: pulumi.Input<string>;
    readonly privateSubnetIds: pulumi.Input<string[]>;
    readonly featureStoreYaml: pulumi.Input<string>;
}): pulumi.Output<PlatformOutputs> {
    return pulumi.output(values).apply((v) => ({ version: PLATFORM_OUTPUTS_VERSION, ...v }) as PlatformOutputs);
}

/** Checks what a stack reference returned against the contract; the error says what is wrong. */
function checked(stack: string, value: unknown): PlatformOutputs {
    const v = value as Partial<PlatformOutputs> | undefined;
    if (v === undefined || v === null || typeof v !== "object")
        throw new Error(`stack ${stack} has no "platform" output: is it an mlops-platform stack (>= 0.2)?`);
    if (v.version !== PLATFORM_OUTPUTS_VERSION)
        throw new Error(
            `stack ${stack} exports platform outputs version ${String(v.version)}; this package reads ` +
                `version ${PLATFORM_OUTPUTS_VERSION}`,
        );
    return v as PlatformOutputs;
}

/** Typed access to a platform stack's outputs from a team's program. */
export class PlatformReference {
    /** The whole contract object. */
    public readonly outputs: pulumi.Output<PlatformOutputs>;

    /**
     * @param name logical name of the underlying `pulumi.StackReference`
     * @param stack fully qualified platform stack, `<org>/mlops-platform/<stack>`
     */
    constructor(name: string, stack: string, opts?: pulumi.CustomResourceOptions) {
        const reference = new pulumi.StackReference(name, { name: stack }, opts);
        // The contract carries ARNs and names, no secrets: a plain output keeps team diffs readable.
        this.outputs = reference.requireOutput("platform").apply((v) => checked(stack, v));
    }

    /** One field of the contract. */
    public get<K extends keyof PlatformOutputs>(key: K): pulumi.Output<PlatformOutputs[K]> {
        return this.outputs.apply((o) => o[key]);
    }

    /** Name of the data lake bucket for `purpose`; fails the update when the platform has none. */
    public bucketName(purpose: string): pulumi.Output<string> {
        return this.outputs.apply((o) => {
            const name = o.bucketNames[purpose];
            if (name === undefined)
                throw new Error(`platform has no "${purpose}" bucket (has ${Object.keys(o.bucketNames).join(", ")})`);
            return name;
        });
    }

    /** Online-store table name of `featureView`; fails the update when the platform has none. */
    public onlineTableName(featureView: string): pulumi.Output<string> {
        return this.outputs.apply((o) => {
            const name = o.onlineTableNames[featureView];
            if (name === undefined)
                throw new Error(
                    `platform has no online table for feature view "${featureView}" (has ` +
                        `${Object.keys(o.onlineTableNames).join(", ")})`,
                );
            return name;
        });
    }
}

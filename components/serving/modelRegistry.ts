import * as pulumi from "@pulumi/pulumi";
import { validateComponentArgs } from "../core/configErrors";
import { awsContext, statefulOptions } from "../core/context";
import { Environment } from "../core/environment";
import { hardenedRepository, pullOnlyByRolesPolicy } from "../core/ecrRepository";
import { stackTags } from "../core/tags";
import { registryArgsSchema, RegistrySettings, resolveRegistrySettings } from "./registrySettings";

/** Arguments of `ModelRegistry`. */
export interface ModelRegistryArgs extends RegistrySettings {
    /** Deployment environment; selects retention, force-delete and protection defaults. */
    readonly environment: Environment;
    /** Customer-managed KMS key the repository encrypts images with. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /**
     * Repository name (lower-case, may contain `/`). Default: auto-named from the component name,
     * so a second stack in the same account never collides; read it from `repositoryUrl`.
     */
    readonly repositoryName?: string;
    /**
     * The only roles allowed to pull images (same account), when they exist before the registry: the
     * repository policy allows them and denies image reads to every other principal, whatever its IAM
     * policies say (pushing is not affected). When the pulling role is created after the registry
     * (the usual case: the endpoint role needs the repository ARN first), leave this unset and give
     * the endpoint `repositoryName` instead: a repository has one policy, so set exactly one of them.
     */
    readonly pullRoleArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** Protect and retain the repository on delete. Default: true in prod. */
    readonly protect?: boolean;
    /** Tags added to the required ones. */
    readonly tags?: Record<string, string>;
}

// The shared building block (re-exported: the serving and monitoring roles name these actions).
export { ECR_IMAGE_READ_ACTIONS, ECR_PULL_ACTIONS, lifecyclePolicyDocument } from "../core/ecrRepository";

/**
 * The model-serving image registry: an ECR repository with immutable tags, scan on push, KMS
 * encryption with the stack key, a lifecycle policy, and a repository policy that lets only the
 * serving roles pull.
 *
 * Wiring the pull roles: the endpoint's execution role is created by `ModelEndpoint`, whose
 * IAM policy and SageMaker Model need this repository's ARN and URL, so the role cannot exist
 * when the registry is constructed. Rather than a cycle, the repository policy (the pull fence,
 * `pullOnlyByRolesPolicy` in core/ecrRepository.ts) is created by whichever side comes last: this
 * registry when `pullRoleArns` is given, otherwise the endpoint given `repositoryName`. Both are
 * plain inputs, so every SDK language can wire it. Nothing waits on it: in the same account the
 * role's own IAM policy already allows the pull before the repository policy exists.
 */
export class ModelRegistry extends pulumi.ComponentResource {
    /** Repository URL (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`) to tag and push images to. */
    public readonly repositoryUrl: pulumi.Output<string>;
    /** Repository ARN (for IAM grants). */
    public readonly repositoryArn: pulumi.Output<string>;
    /** Repository name. */
    public readonly repositoryName: pulumi.Output<string>;

    constructor(name: string, args: ModelRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        validateComponentArgs(`ModelRegistry ${name}`, registryArgsSchema, {
            repositoryName: args.repositoryName,
            keepTaggedImages: args.keepTaggedImages,
            untaggedExpiryDays: args.untaggedExpiryDays,
        });
        super("mlops-platform:index:ModelRegistry", name, {}, opts);
        const settings = resolveRegistrySettings(args.environment, args);
        const tags = stackTags(args.environment, args.tags);
        const { accountId, partition } = awsContext(this);

        const repository = hardenedRepository(
            name,
            {
                ...(args.repositoryName !== undefined ? { repositoryName: args.repositoryName } : {}),
                kmsKeyArn: args.kmsKeyArn,
                retention: settings,
                tags,
            },
            { parent: this, ...statefulOptions(args.environment, args.protect) },
        );
        this.repositoryUrl = repository.repositoryUrl;
        this.repositoryArn = repository.arn;
        this.repositoryName = repository.name;
        if (args.pullRoleArns !== undefined)
            pullOnlyByRolesPolicy(
                `${name}-pull`,
                {
                    repositoryName: repository.name,
                    roleArns: args.pullRoleArns,
                    accountId,
                    partition,
                    allowSid: "PullByServingRoles",
                },
                { parent: this },
            );

        this.registerOutputs({
            repositoryUrl: this.repositoryUrl,
            repositoryArn: this.repositoryArn,
            repositoryName: this.repositoryName,
        });
    }
}

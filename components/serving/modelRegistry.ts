import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validateComponentArgs } from "../core/configErrors";
import { statefulOptions } from "../core/context";
import { Environment } from "../core/environment";
import { stackTags } from "../core/tags";
import { repositoryPullFence } from "./pullFence";
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

/** The ECR lifecycle policy document: expire untagged images after `untaggedExpiryDays`, keep the last `keepTaggedImages` tagged ones. */
export function lifecyclePolicyDocument(keepTaggedImages: number, untaggedExpiryDays: number): string {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images ${untaggedExpiryDays} days after push`,
                selection: {
                    tagStatus: "untagged",
                    countType: "sinceImagePushed",
                    countUnit: "days",
                    countNumber: untaggedExpiryDays,
                },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the last ${keepTaggedImages} tagged images`,
                selection: {
                    tagStatus: "tagged",
                    tagPatternList: ["*"],
                    countType: "imageCountMoreThan",
                    countNumber: keepTaggedImages,
                },
                action: { type: "expire" },
            },
        ],
    });
}

/**
 * The model-serving image registry: an ECR repository with immutable tags, scan on push, KMS
 * encryption with the stack key, a lifecycle policy, and a repository policy that lets only the
 * serving roles pull.
 *
 * Wiring the pull roles: the endpoint's execution role is created by `ModelEndpoint`, whose
 * IAM policy and SageMaker Model need this repository's ARN and URL, so the role cannot exist
 * when the registry is constructed. Rather than a cycle, the repository policy (pullFence.ts) is
 * created by whichever side comes last: this registry when `pullRoleArns` is given, otherwise the
 * endpoint given `repositoryName`. No other principal of the account can read images, whatever
 * its own IAM policies allow.
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
        const child = { parent: this };

        const repository = new aws.ecr.Repository(
            name,
            {
                ...(args.repositoryName !== undefined ? { name: args.repositoryName } : {}),
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
                // Images go with the repository only where data is disposable.
                forceDelete: settings.forceDelete,
                tags,
            },
            { parent: this, ...statefulOptions(args.environment, args.protect) },
        );
        new aws.ecr.LifecyclePolicy(
            name,
            {
                repository: repository.name,
                policy: lifecyclePolicyDocument(settings.keepTaggedImages, settings.untaggedExpiryDays),
            },
            child,
        );
        this.repositoryUrl = repository.repositoryUrl;
        this.repositoryArn = repository.arn;
        this.repositoryName = repository.name;
        if (args.pullRoleArns !== undefined)
            repositoryPullFence(`${name}-pull`, repository.name, args.pullRoleArns, this);

        this.registerOutputs({
            repositoryUrl: this.repositoryUrl,
            repositoryArn: this.repositoryArn,
            repositoryName: this.repositoryName,
        });
    }
}

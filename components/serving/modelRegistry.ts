import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validateComponentArgs } from "../core/configErrors";
import { awsContext, statefulOptions } from "../core/context";
import { Environment } from "../core/environment";
import { policyDocument } from "../core/iam";
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
     * The only roles allowed to pull images (same account): the repository policy allows them and
     * denies image reads to every other principal, whatever its IAM policies say (pushing is not
     * affected). List CI roles here too if they must pull (tests, build caches). When the
     * roles are created after the registry (the usual case: the endpoint role needs the repository
     * ARN first), leave this unset and call `ModelRegistry.allowPull` once the roles exist.
     */
    readonly pullRoleArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** Protect and retain the repository on delete. Default: true in prod. */
    readonly protect?: boolean;
    /** Tags added to the required ones. */
    readonly tags?: Record<string, string>;
}

/**
 * Per-instance state `allowPull` needs, kept outside the class so that the component schema
 * (inferred from the class's properties) shows only the public outputs.
 */
const REGISTRY_STATE = new WeakMap<
    ModelRegistry,
    {
        readonly name: string;
        readonly accountId: pulumi.Output<string>;
        readonly partition: pulumi.Output<string>;
        pullPolicy?: aws.ecr.RepositoryPolicy;
    }
>();

/** ECR actions a serving role needs to pull an image (plus `ecr:GetAuthorizationToken`, which is not repository-scoped). */
export const ECR_PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

/**
 * The actions that actually read image content. Denied to everyone but the pull roles;
 * `ecr:BatchCheckLayerAvailability` is left out because `docker push` needs it.
 */
export const ECR_IMAGE_READ_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

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
 * when the registry is constructed. Rather than a cycle, the repository policy is a separate
 * `aws.ecr.RepositoryPolicy` child created by `allowPull` after the roles exist (or in the
 * constructor when `pullRoleArns` is given). Nothing waits on it: in the same account the role's
 * own IAM policy already allows the pull before the repository policy exists, and once it exists
 * the role is the exception to its deny. The policy is the resource-side fence: no other principal
 * of the account can read images, whatever its own IAM policies allow.
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
        const { accountId, partition } = awsContext(this);
        REGISTRY_STATE.set(this, { name, accountId, partition });

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
        if (args.pullRoleArns !== undefined) this.allowPull(args.pullRoleArns);

        this.registerOutputs({
            repositoryUrl: this.repositoryUrl,
            repositoryArn: this.repositoryArn,
            repositoryName: this.repositoryName,
        });
    }

    /**
     * Creates the repository policy letting exactly these roles (of this account) pull, and
     * denying image reads to everyone else. A repository has one policy: call this once, with
     * every role that must pull.
     */
    public allowPull(roleArns: pulumi.Input<pulumi.Input<string>[]>): aws.ecr.RepositoryPolicy {
        const state = REGISTRY_STATE.get(this)!;
        if (state.pullPolicy !== undefined) {
            throw new Error(
                `ModelRegistry ${state.name}: allowPull was already called; a repository has one policy, pass every serving role at once`,
            );
        }
        const roles = pulumi.output(roleArns) as pulumi.Output<string[]>;
        const serviceLinkedRoles = pulumi.interpolate`arn:${state.partition}:iam::${state.accountId}:role/aws-service-role/*`;
        state.pullPolicy = new aws.ecr.RepositoryPolicy(
            `${state.name}-pull`,
            {
                repository: this.repositoryName,
                policy: policyDocument([
                    {
                        Sid: "PullByServingRoles",
                        Principal: { AWS: roles },
                        Action: ECR_PULL_ACTIONS,
                        Condition: { StringEquals: { "aws:PrincipalAccount": state.accountId } },
                    },
                    {
                        // Same-account principals with their own ECR grants would otherwise pull too. Never denied:
                        // the pull roles; AWS service principals (SageMaker fetching the image for the role must not be
                        // locked out; a service principal gets nothing here without an explicit allow anyway); and the
                        // account's service-linked roles (ECR replication, Inspector enhanced scanning read images).
                        Sid: "DenyImageReadsByOthers",
                        Effect: "Deny",
                        Principal: "*",
                        Action: ECR_IMAGE_READ_ACTIONS,
                        Condition: {
                            ArnNotLike: {
                                "aws:PrincipalArn": pulumi
                                    .all([roles, serviceLinkedRoles])
                                    .apply(([r, slr]) => [...r, slr]),
                            },
                            // IfExists: fail closed should a request ever lack the key (AWS sets it on every signed request).
                            BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
                        },
                    },
                ]),
            },
            { parent: this },
        );
        return state.pullPolicy;
    }
}

/**
 * The hardened ECR repository every image of the stack lives in (serving, pipelines): immutable tags,
 * scan on push, the stack key, a lifecycle policy, and a repository policy that lets only named roles
 * of the account read images. One building block, so the serving and pipeline repositories cannot drift.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "./iam";
import type { Integer } from "./schemaPrimitives";

/** ECR actions a role needs to pull an image (plus `ecr:GetAuthorizationToken`, which is not repository-scoped). */
export const ECR_PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

/**
 * The actions that actually read image content. Denied to everyone but the pull roles;
 * `ecr:BatchCheckLayerAvailability` is left out because `docker push` needs it.
 */
export const ECR_IMAGE_READ_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/** The ECR lifecycle policy: untagged images expire after `untaggedExpiryDays`; the last `keepTaggedImages` stay. */
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

/** Inputs of `hardenedRepository`. */
export interface HardenedRepositoryArgs {
    /** Repository name; default: auto-named from the resource name. */
    readonly repositoryName?: string;
    /** The stack key the images are encrypted with. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Tagged images kept, untagged images' days, and whether destroy may delete images. */
    readonly retention: {
        readonly keepTaggedImages: Integer;
        readonly untaggedExpiryDays: Integer;
        readonly forceDelete: boolean;
    };
    /** Tags of the repository. */
    readonly tags: Record<string, string>;
}

/** The repository and its lifecycle policy, both registered under `name` (stateful options apply to the repository). */
export function hardenedRepository(
    name: string,
    args: HardenedRepositoryArgs,
    opts: { parent: pulumi.Resource } & Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete">,
): aws.ecr.Repository {
    const repository = new aws.ecr.Repository(
        name,
        {
            ...(args.repositoryName !== undefined ? { name: args.repositoryName } : {}),
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
            // Images go with the repository only where data is disposable.
            forceDelete: args.retention.forceDelete,
            tags: args.tags,
        },
        opts,
    );
    new aws.ecr.LifecyclePolicy(
        name,
        {
            repository: repository.name,
            policy: lifecyclePolicyDocument(args.retention.keepTaggedImages, args.retention.untaggedExpiryDays),
        },
        { parent: opts.parent },
    );
    return repository;
}

/** Inputs of `pullOnlyByRolesPolicy`. */
export interface PullPolicyArgs {
    /** The repository the policy is attached to. */
    readonly repositoryName: pulumi.Input<string>;
    /** The only roles (of this account) that may read images. */
    readonly roleArns: pulumi.Input<pulumi.Input<string>[]>;
    /** Account and partition of the stack. */
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Sid of the allow statement, naming who pulls (e.g. `PullByServingRoles`). */
    readonly allowSid: string;
}

/**
 * The repository policy: the named roles may pull, and image reads by every other principal are denied,
 * whatever its IAM policies say (pushing is not affected). A repository has one policy.
 */
export function pullOnlyByRolesPolicy(
    name: string,
    args: PullPolicyArgs,
    opts: pulumi.CustomResourceOptions,
): aws.ecr.RepositoryPolicy {
    const roles = pulumi.output(args.roleArns) as pulumi.Output<string[]>;
    const serviceLinkedRoles = pulumi.interpolate`arn:${args.partition}:iam::${args.accountId}:role/aws-service-role/*`;
    return new aws.ecr.RepositoryPolicy(
        name,
        {
            repository: args.repositoryName,
            policy: policyDocument([
                {
                    Sid: args.allowSid,
                    Principal: { AWS: roles },
                    Action: ECR_PULL_ACTIONS,
                    Condition: { StringEquals: { "aws:PrincipalAccount": args.accountId } },
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
                        // IfExists: fail closed should a request lack the key (AWS sets it on every signed request).
                        BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
                    },
                },
            ]),
        },
        opts,
    );
}

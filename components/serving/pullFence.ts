/**
 * The resource-side fence of an image repository: a repository policy that lets exactly the given
 * roles (of this account) pull, and denies image reads to every other principal, whatever its own
 * IAM policies allow. A repository has one policy, so exactly one component creates it: the
 * registry when its pull roles exist before it (`ModelRegistry.pullRoleArns`), otherwise the
 * endpoint whose role pulls (`ModelEndpoint.repositoryName`), since that role is created after the
 * repository. Both are plain inputs, so every SDK language can wire the fence.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../core/context";
import { policyDocument } from "../core/iam";

/** ECR actions a serving role needs to pull an image (plus `ecr:GetAuthorizationToken`, which is not repository-scoped). */
export const ECR_PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

/**
 * The actions that actually read image content. Denied to everyone but the pull roles;
 * `ecr:BatchCheckLayerAvailability` is left out because `docker push` needs it.
 */
export const ECR_IMAGE_READ_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/**
 * Creates the repository policy of `repositoryName` letting exactly `roleArns` pull. Same-account
 * roles need no wait on it: their own IAM policy already allows the pull before the policy exists,
 * and once it exists they are the exception to its deny.
 */
export function repositoryPullFence(
    name: string,
    repositoryName: pulumi.Input<string>,
    roleArns: pulumi.Input<pulumi.Input<string>[]>,
    parent: pulumi.Resource,
): aws.ecr.RepositoryPolicy {
    const { accountId, partition } = awsContext(parent);
    const roles = pulumi.output(roleArns) as pulumi.Output<string[]>;
    const serviceLinkedRoles = pulumi.interpolate`arn:${partition}:iam::${accountId}:role/aws-service-role/*`;
    return new aws.ecr.RepositoryPolicy(
        name,
        {
            repository: repositoryName,
            policy: policyDocument([
                {
                    Sid: "PullByServingRoles",
                    Principal: { AWS: roles },
                    Action: ECR_PULL_ACTIONS,
                    Condition: { StringEquals: { "aws:PrincipalAccount": accountId } },
                },
                {
                    // Same-account principals with their own ECR grants would otherwise pull too. Never denied:
                    // the pull roles; AWS service principals (SageMaker fetching the image for the role must
                    // not be locked out; a service principal gets nothing here without an explicit allow
                    // anyway); and the account's service-linked roles (ECR replication, Inspector enhanced
                    // scanning read images).
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
        { parent },
    );
}

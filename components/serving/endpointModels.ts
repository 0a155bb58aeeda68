/**
 * One SageMaker Model per variant: the section's image (plus the variant's artifact) or a version
 * of the endpoint's model package group, with the model's lineage as tags and container environment.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ModelEndpointVariantArgs } from "./endpointArgs";
import { variantContainerEnvironment } from "./containerEnvironment";
import { lineageTags, ModelLineage } from "./lineage";
import type { ModelEndpointArgs } from "./modelEndpoint";
import { packageVersionArn } from "./modelPackageGroup";

/** What every variant's Model shares. */
export interface ModelScope {
    readonly args: ModelEndpointArgs;
    readonly artifactPrefix: string;
    readonly lineage: Record<string, ModelLineage>;
    readonly roleArn: pulumi.Output<string>;
    /** The role's policy: SageMaker uses the role as soon as the Model exists. */
    readonly rolePolicy: pulumi.Resource;
    readonly groupArn: pulumi.Output<string>;
    readonly securityGroupIds?: pulumi.Output<string>[];
    readonly tags: Record<string, string>;
}

/** The Models of these variants, in order. */
export function variantModels(
    name: string,
    variants: readonly ModelEndpointVariantArgs[],
    scope: ModelScope,
    parent: pulumi.Resource,
): aws.sagemaker.Model[] {
    const { args, artifactPrefix } = scope;
    const image =
        args.image.digest !== undefined
            ? pulumi.interpolate`${args.repositoryUrl}@${args.image.digest}`
            : pulumi.interpolate`${args.repositoryUrl}:${args.image.tag}`;
    const artifactUrl = (key: string) => pulumi.interpolate`s3://${args.modelBucketName}/${artifactPrefix}${key}`;
    return variants.map((v) => {
        const environment = variantContainerEnvironment(args.environmentVariables ?? {}, v, scope.lineage[v.name]);
        // A package version names its image and artifact (its InferenceSpecification): the container names only it.
        const container =
            v.modelPackageVersion !== undefined
                ? { modelPackageName: packageVersionArn(scope.groupArn, v.modelPackageVersion), environment }
                : {
                      image,
                      mode: "SingleModel",
                      ...(v.modelDataKey !== undefined ? { modelDataUrl: artifactUrl(v.modelDataKey) } : {}),
                      environment,
                  };
        return new aws.sagemaker.Model(
            `${name}-${v.name}`,
            {
                executionRoleArn: scope.roleArn,
                primaryContainer: container,
                // The container calls DynamoDB: network isolation would cut it off. Isolation comes from the VPC
                // instead.
                enableNetworkIsolation: false,
                ...(scope.securityGroupIds !== undefined
                    ? { vpcConfig: { securityGroupIds: scope.securityGroupIds, subnets: args.subnetIds! } }
                    : {}),
                tags: { ...scope.tags, ...lineageTags(scope.lineage[v.name]) },
            },
            { parent, dependsOn: [scope.rolePolicy] },
        );
    });
}

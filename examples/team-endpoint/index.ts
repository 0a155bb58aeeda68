/**
 * A team's program on top of the platform: it reads the platform stack's contract
 * (PlatformOutputs v1) through PlatformReference and adds its own image repository and endpoint,
 * encrypted with the platform's key, serving from the platform's model bucket and reading one of
 * its online feature tables. Copy this folder, `npm install`, set the config, `pulumi up`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Environment, ModelEndpoint, ModelRegistry, PlatformReference } from "mlops-platform";

const config = new pulumi.Config();
const platform = new PlatformReference("platform", config.require("platformStack"));
const featureView = config.require("featureView");
const imageTag = config.require("imageTag");
const tags = { team: "recommendations" };

// The team's environment selects the components' defaults; it must be the platform's.
const environment = config.require("environment") as Environment;
platform.get("environment").apply((e) => {
    if (e !== environment)
        throw new Error(`team-endpoint:environment is ${environment} but the platform stack is ${e}`);
});
const current = pulumi.output(aws.getCallerIdentity());
const region = pulumi.output(aws.getRegion());
const modelBucket = platform.bucketName("modelRegistry");
const tableName = platform.onlineTableName(featureView);
const tableArn = pulumi.interpolate`arn:aws:dynamodb:${region.name}:${current.accountId}:table/${tableName}`;

const registry = new ModelRegistry("ranker-images", { environment, kmsKeyArn: platform.get("kmsKeyArn"), tags });
const endpoint = new ModelEndpoint("ranker", {
    environment,
    tags,
    endpointName: `ranker-${environment}`,
    repositoryUrl: registry.repositoryUrl,
    repositoryArn: registry.repositoryArn,
    // The endpoint's role is the only principal allowed to pull the image (the endpoint owns the fence).
    repositoryName: registry.repositoryName,
    image: { tag: imageTag },
    variants: [{ name: "ranker", instanceType: "ml.c5.large", initialInstanceCount: 1 }],
    kmsKeyArn: platform.get("kmsKeyArn"),
    modelBucketName: modelBucket,
    modelBucketArn: pulumi.interpolate`arn:aws:s3:::${modelBucket}`,
    featureTableArns: [tableArn],
});

/** Endpoint clients invoke. */
export const endpointName = endpoint.endpointName;
/** Where the team's CI pushes the ranker image. */
export const repositoryUrl = registry.repositoryUrl;
/** Execution role of the endpoint. */
export const roleArn = endpoint.roleArn;

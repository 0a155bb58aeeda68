/**
 * Another team's program: a recommendation model served from its own bucket and key, reusing only
 * the registry and endpoint components of mlops-platform. Everything platform-wide (data lake,
 * Feast offline store, MWAA) stays out; the team's existing Feast online table is passed in by ARN.
 */
import * as pulumi from "@pulumi/pulumi";
import { Environment, EncryptionKey, ModelEndpoint, ModelRegistry, SecureBucket } from "mlops-platform";

const config = new pulumi.Config();
const environment = config.require("environment") as Environment;
const featureTableArn = config.require("featureTableArn");
const imageTag = config.require("imageTag");
const tags = { team: "recommendations" };

// The team's own key and buckets: one log bucket and one for model artifacts and captured requests.
const key = new EncryptionKey("recsys-key", { environment, tags });
const logs = new SecureBucket("recsys-logs", {
    environment,
    purpose: "access-logs",
    serverAccessLogTarget: true,
    expirationDays: 90,
    tags,
});
const models = new SecureBucket("recsys-models", {
    environment,
    purpose: "model-registry",
    kmsKeyArn: key.keyArn,
    accessLogBucket: logs.bucketName,
    tags,
});

const registry = new ModelRegistry("recsys-images", { environment, kmsKeyArn: key.keyArn, tags });
const endpoint = new ModelEndpoint("recsys", {
    environment,
    tags,
    endpointName: "recsys-ranker",
    repositoryUrl: registry.repositoryUrl,
    repositoryArn: registry.repositoryArn,
    image: { tag: imageTag },
    variants: [{ name: "ranker", instanceType: "ml.c5.large", initialInstanceCount: 1 }],
    kmsKeyArn: key.keyArn,
    modelBucketName: models.bucketName,
    modelBucketArn: models.bucketArn,
    featureTableArns: [featureTableArn],
    dataCapture: { enabled: true, samplingPercentage: 10 },
    dataCaptureBucketName: models.bucketName,
    dataCaptureBucketArn: models.bucketArn,
});
// The endpoint's role is the only principal allowed to pull the image.
registry.allowPull([endpoint.roleArn]);

/** Endpoint clients invoke. */
export const endpointName = endpoint.endpointName;
/** Where CI pushes the ranker image. */
export const repositoryUrl = registry.repositoryUrl;
/** Execution role of the endpoint. */
export const roleArn = endpoint.roleArn;

/** The FeatureStore specs' arguments: a dev serverless store; each test overrides what it checks. */
import { FeatureStoreArgs } from "../../components/featureStore/featureStore";

export const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";
export const OFFLINE_ARN = "arn:aws:s3:::offline-bucket";

export function args(overrides: Partial<FeatureStoreArgs> = {}): FeatureStoreArgs {
    return {
        environment: "dev",
        project: "customer_segmentation",
        kmsKeyArn: KEY,
        offlineBucketName: "offline-bucket",
        offlineBucketArn: OFFLINE_ARN,
        registryBucketName: "registry-bucket",
        featureViews: [
            {
                name: "customer_rfm_features",
                entity: "customer",
                joinKey: "customerid",
                features: {
                    recency: "int32",
                    frequency: "int64",
                    monetaryvalue: "double",
                    score: "float",
                    segment: "string",
                    active: "bool",
                    last_seen: "timestamp",
                },
            },
            { name: "customer_ltv", entity: "customer", joinKey: "customerid", features: { ltvcluster: "int32" } },
        ],
        ...overrides,
    };
}

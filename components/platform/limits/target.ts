/**
 * Limits that depend on where the stack deploys (the `aws:region` config, the partition it implies
 * and `aws:allowedAccountIds`): the region itself, ARNs and image URIs in the config that point at
 * another region, partition or account, and capacities AWS offers only in some regions.
 */
import * as pulumi from "@pulumi/pulumi";
import { Region } from "@pulumi/aws/types/enums";
import { EXTENDED_RPU_REGIONS } from "../../featureStore/redshiftRules";
import { azIdRegionProblems } from "../../network/availabilityZoneIds";
import { PlatformConfig } from "../platformConfig";

/** Where the stack deploys, as far as the config says (unset values skip their checks). */
export interface DeploymentTarget {
    /** `aws:region` (or AWS_REGION / AWS_DEFAULT_REGION, as the provider falls back). */
    readonly region?: string;
    /** `aws:allowedAccountIds`: the only accounts the provider will deploy into. */
    readonly allowedAccountIds?: readonly string[];
}

/** Reads the default AWS provider's region and allowed accounts from the stack config and environment. */
export function readDeploymentTarget(): DeploymentTarget {
    const aws = new pulumi.Config("aws");
    return {
        region: aws.get("region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
        allowedAccountIds: aws.getObject<string[]>("allowedAccountIds"),
    };
}

/** The regions the AWS provider knows (@pulumi/aws 7.48 `Region` enum). */
export const KNOWN_REGIONS: readonly string[] = Object.values(Region);

/**
 * The partition of a region by its prefix: aws, aws-cn, aws-us-gov, the ISO partitions and the European
 * Sovereign Cloud (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html).
 */
export function partitionOf(region: string): string {
    const prefixes: [string, string][] = [
        ["cn-", "aws-cn"],
        ["us-gov-", "aws-us-gov"],
        ["us-isob-", "aws-iso-b"],
        ["us-isof-", "aws-iso-f"],
        ["us-iso-", "aws-iso"],
        ["eu-isoe-", "aws-iso-e"],
        ["eusc-", "aws-eusc"],
    ];
    return prefixes.find(([p]) => region.startsWith(p))?.[1] ?? "aws";
}

/** The parts of an ARN (`arn:partition:service:region:account:resource`). */
function arnParts(arn: string): { partition: string; region: string; account: string } {
    const [, partition = "", , region = "", account = ""] = arn.split(":");
    return { partition, region, account };
}

type TargetConfig = Pick<PlatformConfig, "encryption" | "ci" | "featureStore" | "serving" | "network">;

/** Problems of the config against the deployment target. */
export function targetProblems(config: Partial<TargetConfig>, target: DeploymentTarget): string[] {
    const { region, allowedAccountIds } = target;
    if (region === undefined) return [];
    if (!KNOWN_REGIONS.includes(region))
        return [`aws:region: "${region}" is not an AWS region (known: ${KNOWN_REGIONS.join(", ")})`];
    const partition = partitionOf(region);
    const problems: string[] = azIdRegionProblems(config.network?.availabilityZoneIds ?? [], region).map(
        (p) => `mlops-platform:network.availabilityZoneIds: ${p}`,
    );
    const accounts = new Map<string, string>();
    const checkArn = (key: string, arn: string, regional: boolean) => {
        const parts = arnParts(arn);
        if (parts.partition !== partition)
            problems.push(`${key}: ARN is in partition ${parts.partition}; region ${region} is in ${partition}`);
        // KMS keys are Regional resources and the services encrypt with a key of their own Region (S3: "a
        // customer-managed KMS key that's located in the same Region as the general purpose bucket",
        // S3 API MetadataTableEncryptionConfiguration); a multi-Region key is used through its replica's ARN.
        if (regional && parts.region !== region)
            problems.push(`${key}: ARN is in region ${parts.region}; the stack deploys to ${region}`);
        if (allowedAccountIds !== undefined && !allowedAccountIds.includes(parts.account))
            problems.push(`${key}: ARN names account ${parts.account}, not one of aws:allowedAccountIds`);
        accounts.set(key, parts.account);
    };
    const keyArn = config.encryption?.kmsKeyArn;
    if (keyArn !== undefined) checkArn("mlops-platform:encryption.kmsKeyArn", keyArn, true);
    const oidc = config.ci?.oidcProviderArn;
    if (oidc !== undefined) checkArn("mlops-platform:ci.oidcProviderArn", oidc, false);
    // A role trusts only an identity provider of its own account, and the stack's key must be the
    // stack's account's (invariant-encryption-stack-key): both ARNs must name the same account.
    const keyAccount = accounts.get("mlops-platform:encryption.kmsKeyArn");
    const oidcAccount = accounts.get("mlops-platform:ci.oidcProviderArn");
    if (keyAccount !== undefined && oidcAccount !== undefined && keyAccount !== oidcAccount)
        problems.push(
            `mlops-platform:encryption.kmsKeyArn: names account ${keyAccount} but ci.oidcProviderArn names ` +
                `${oidcAccount}; the platform deploys into one account`,
        );
    const image = config.serving?.monitoring?.analyzerImageUri;
    if (image !== undefined) {
        // The analyzer images are published per Region and partition
        // (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-pre-built-container.html).
        const m = /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(image);
        const imageRegion = m?.[1];
        if (imageRegion !== undefined && imageRegion !== region)
            problems.push(
                `mlops-platform:serving.monitoring.analyzerImageUri: image is in ${imageRegion}; ` +
                    `the monitoring job runs in ${region} and pulls from its own region`,
            );
        if (m !== null && (m[2] !== undefined) !== (partition === "aws-cn"))
            problems.push(
                `mlops-platform:serving.monitoring.analyzerImageUri: host suffix does not match partition ${partition}`,
            );
    }
    const rpu = config.featureStore?.offlineStore?.baseCapacityRpu;
    if (rpu !== undefined && rpu > 512 && !EXTENDED_RPU_REGIONS.includes(region))
        problems.push(
            `mlops-platform:featureStore.offlineStore.baseCapacityRpu: ${rpu} RPU is offered only in ` +
                `${EXTENDED_RPU_REGIONS.join(", ")}; ${region} allows at most 512`,
        );
    return problems;
}

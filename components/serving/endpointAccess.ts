/**
 * What a `ModelEndpoint`'s models run as and reach: the execution role, the security group of the
 * VPC mode, the asynchronous mode's notification topics, and the role's policy over exactly those
 * (registered in that order: the policy names the group's subnets and the topics).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../core/context";
import { bucketObjectsArn, policyDocument, serviceTrustPolicy } from "../core/iam";
import { httpsEgressOnlySecurityGroup } from "../core/securityGroups";
import { AsyncInferenceSpec } from "./asyncSettings";
import { asyncTopics } from "./asyncTopics";
import { endpointRoleStatements, EndpointRoleScope } from "./endpointRole";
import type { ModelEndpointArgs } from "./modelEndpoint";

/** The endpoint's settings the role and its network depend on, resolved. */
export interface EndpointAccessScope {
    readonly args: ModelEndpointArgs;
    readonly context: AwsContext;
    /** Key prefix of the endpoint's artifacts (the role reads only below it). */
    readonly artifactPrefix: string;
    /** Data capture is on: the role may write to the capture bucket. */
    readonly captureEnabled: boolean;
    /** The asynchronous mode, when the endpoint runs in it. */
    readonly asyncSpec?: AsyncInferenceSpec;
    /** Alarms the deployment config rolls back on (the role may read them); none without a deployment config. */
    readonly rollbackAlarmNames?: string[];
    readonly tags: Record<string, string>;
}

/** The resources `endpointAccess` registered. */
export interface EndpointAccess {
    readonly role: aws.iam.Role;
    readonly rolePolicy: aws.iam.RolePolicy;
    /** VPC mode only. */
    readonly securityGroupId?: pulumi.Output<string>;
    /** `[success, error]`, when the asynchronous mode notifies. */
    readonly topics?: [aws.sns.Topic, aws.sns.Topic];
}

/** Registers the role, its network and topics, and its policy, as children of `parent`. */
export function endpointAccess(name: string, scope: EndpointAccessScope, parent: pulumi.Resource): EndpointAccess {
    const { args, asyncSpec, tags } = scope;
    const { accountId, region, partition } = scope.context;
    const endpointName = args.endpointName;
    const child = { parent };
    // ---- Execution role: exactly what the container and SageMaker need, on this stack's ARNs ----
    const role = new aws.iam.Role(
        name,
        {
            description:
                `SageMaker endpoint ${endpointName}: pull its image, read its model and features, write ` +
                `capture and logs`,
            assumeRolePolicy: serviceTrustPolicy(["sagemaker.amazonaws.com"], accountId),
            maxSessionDuration: 3600,
            tags,
        },
        child,
    );
    let securityGroupId: pulumi.Output<string> | undefined;
    let vpcNetwork: EndpointRoleScope["vpc"];
    if (args.vpcId !== undefined || args.subnetIds !== undefined) {
        const securityGroup = httpsEgressOnlySecurityGroup(
            name,
            {
                vpcId: args.vpcId!,
                description:
                    `SageMaker endpoint ${endpointName}: no inbound; ` + "HTTPS out to AWS APIs (DynamoDB, S3, ECR)",
                tags,
            },
            child,
        );
        securityGroupId = securityGroup.id;
        vpcNetwork = { subnetIds: args.subnetIds!, securityGroupId: securityGroup.id };
    }
    // ---- Asynchronous mode: notification topics encrypted with the stack key ----
    const topics = asyncSpec?.notifications ? asyncTopics(name, endpointName, args.kmsKeyArn, tags, parent) : undefined;
    const statements = endpointRoleStatements({
        endpointName,
        accountId,
        region,
        partition,
        repositoryArn: args.repositoryArn,
        modelObjectsArn: bucketObjectsArn(args.modelBucketArn, scope.artifactPrefix),
        featureTableArns: args.featureTableArns,
        featureRegistryObjectArn: args.featureRegistryObjectArn,
        dataCaptureBucketArn: scope.captureEnabled ? args.dataCaptureBucketArn : undefined,
        kmsKeyArn: args.kmsKeyArn,
        ...(asyncSpec !== undefined
            ? {
                  async: {
                      bucketArn: args.asyncBucketArn!,
                      inputPrefix: asyncSpec.inputPrefix,
                      outputPrefix: asyncSpec.outputPrefix,
                      failurePrefix: asyncSpec.failurePrefix,
                      ...(topics !== undefined ? { topicArns: topics.map((t) => t.arn) } : {}),
                  },
              }
            : {}),
        vpc: vpcNetwork,
        rollbackAlarmNames: scope.rollbackAlarmNames,
    });
    const rolePolicy = new aws.iam.RolePolicy(name, { role: role.id, policy: policyDocument(statements) }, child);
    return { role, rolePolicy, securityGroupId, topics };
}

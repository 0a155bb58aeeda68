/**
 * The endpoint execution role as data: what the serving container and SageMaker need, on this
 * stack's ARNs only (proven by `test/serving/servingIam.spec.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { bucketObjectsArn, PolicyStatement, regionalArn } from "../core/iam";
import { sageMakerVpcStatements } from "../core/vpcAccess";
import { ECR_PULL_ACTIONS } from "./modelRegistry";
import { SERVING_DEFAULTS } from "./servingSpec";

/** Inputs of `endpointRoleStatements`. */
export interface EndpointRoleScope {
    /** Endpoint name (its log group is `/aws/sagemaker/Endpoints/<name>`). */
    readonly endpointName: string;
    /** Account the stack deploys into. */
    readonly accountId: pulumi.Input<string>;
    /** Region the stack deploys into. */
    readonly region: pulumi.Input<string>;
    /** AWS partition. */
    readonly partition: pulumi.Input<string>;
    /** Serving image repository. */
    readonly repositoryArn: pulumi.Input<string>;
    /** The endpoint's model artifacts (`arn:aws:s3:::<bucket>/<prefix>*`). */
    readonly modelObjectsArn: pulumi.Input<string>;
    /** Online-store tables the container reads. */
    readonly featureTableArns: pulumi.Input<pulumi.Input<string>[]>;
    /** The Feast registry object, when the container uses the Feast SDK. */
    readonly featureRegistryObjectArn?: pulumi.Input<string>;
    /** Data-capture bucket, when capture is on. */
    readonly dataCaptureBucketArn?: pulumi.Input<string>;
    /** The stack's KMS key. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** The auto-rollback alarms of its blue/green deployments, when it has a deployment configuration. */
    readonly rollbackAlarmNames?: readonly string[];
    /** Where an asynchronous endpoint reads requests and writes responses, and its SNS topics. */
    readonly async?: AsyncRoleScope;
    /** The endpoint's subnets and security group, when it runs in a VPC. */
    readonly vpc?: {
        readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
        readonly securityGroupId: pulumi.Input<string>;
    };
}

/** The asynchronous mode's locations (prefixes in the predictions bucket) and topics. */
export interface AsyncRoleScope {
    readonly bucketArn: pulumi.Input<string>;
    readonly inputPrefix: string;
    readonly outputPrefix: string;
    readonly failurePrefix: string;
    /** Success and error topics, when notifications are on. */
    readonly topicArns?: pulumi.Input<string>[];
}

/**
 * What asynchronous inference needs of the role: "access to your Amazon S3 bucket … and Amazon SNS
 * topics" (https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-create-endpoint-prerequisites.html):
 * read the queued payloads (InvokeEndpointAsync's InputLocation), write responses and failures, and
 * publish to the endpoint's own topics. Scoped to the endpoint's prefixes and topics.
 */
export function asyncRoleStatements(a: AsyncRoleScope): PolicyStatement[] {
    return [
        { Sid: "AsyncReadRequests", Action: "s3:GetObject", Resource: bucketObjectsArn(a.bucketArn, a.inputPrefix) },
        {
            Sid: "AsyncWriteResponses",
            Action: "s3:PutObject",
            Resource: [bucketObjectsArn(a.bucketArn, a.outputPrefix), bucketObjectsArn(a.bucketArn, a.failurePrefix)],
        },
        ...(a.topicArns !== undefined && a.topicArns.length > 0
            ? [{ Sid: "AsyncNotify", Action: "sns:Publish", Resource: a.topicArns }]
            : []),
    ];
}

/** The two auto-rollback alarms of a variant: 5XX errors, then p99 model latency. */
export function rollbackAlarmNames(endpointName: string, variantName: string): [string, string] {
    return [`${endpointName}-${variantName}-5xx-errors`, `${endpointName}-${variantName}-model-latency`];
}

/** The bucket ARN of an object ARN (`arn:aws:s3:::<bucket>/<key>` → `arn:aws:s3:::<bucket>`). */
function bucketOfObjectArn(objectArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(objectArn).apply((arn) => arn.split("/")[0]);
}

/** The execution role's statements, each Sid naming what needs it. */
export function endpointRoleStatements(scope: EndpointRoleScope): PolicyStatement[] {
    const { accountId, region, partition, endpointName } = scope;
    const logGroupArn = regionalArn(scope, "logs", `log-group:/aws/sagemaker/Endpoints/${endpointName}`);
    const statements: PolicyStatement[] = [
        { Sid: "PullServingImage", Action: ECR_PULL_ACTIONS, Resource: scope.repositoryArn },
        // GetAuthorizationToken has no resource-level permissions: "*" is the only valid resource.
        { Sid: "EcrAuthorizationToken", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "ReadModelArtifacts", Action: "s3:GetObject", Resource: scope.modelObjectsArn },
        {
            Sid: "ReadOnlineFeatures",
            Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"],
            Resource: scope.featureTableArns,
        },
        ...(scope.featureRegistryObjectArn !== undefined
            ? [
                  { Sid: "ReadFeastRegistry", Action: "s3:GetObject", Resource: scope.featureRegistryObjectArn },
                  {
                      // S3RegistryStore.get_registry_proto calls head_bucket before download_fileobj
                      // (feast-dev/feast@08b0b61:sdk/python/feast/infra/registry/s3.py), and HeadBucket needs
                      // s3:ListBucket on the bucket
                      // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html).
                      Sid: "HeadFeastRegistryBucket",
                      Action: "s3:ListBucket",
                      Resource: bucketOfObjectArn(scope.featureRegistryObjectArn),
                  },
              ]
            : []),
        ...(scope.dataCaptureBucketArn !== undefined
            ? [
                  {
                      Sid: "WriteDataCapture",
                      Action: "s3:PutObject",
                      Resource: bucketObjectsArn(
                          scope.dataCaptureBucketArn,
                          `${SERVING_DEFAULTS.dataCapturePrefix}/${endpointName}/`,
                      ),
                  },
              ]
            : []),
        {
            Sid: "EndpointLogs",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            // `<group>:*` as well as the bare group: CreateLogStream/DescribeLogStreams are evaluated against
            // `log-group:<name>:*` and PutLogEvents against `:log-stream:<stream>`, both matched by it
            // (and not by another endpoint whose name merely starts with this one).
            Resource: [logGroupArn, pulumi.interpolate`${logGroupArn}:*`],
        },
        {
            // In AWS's CreateModel execution-role policy
            // (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createmodel-perms).
            // PutMetricData has no resource-level permissions; the namespace condition is our own hardening
            // to SageMaker's endpoint namespaces (/aws/sagemaker/Endpoints…), not an AWS-documented form.
            Sid: "PublishEndpointMetrics",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } },
        },
        ...(scope.rollbackAlarmNames !== undefined && scope.rollbackAlarmNames.length > 0
            ? [
                  {
                      // "Ensure that your IAM execution role has permission to perform the cloudwatch:DescribeAlarms
                      // action on the auto-rollback alarms you specify"
                      // (https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-configuration.html).
                      Sid: "DescribeRollbackAlarms",
                      Action: "cloudwatch:DescribeAlarms",
                      Resource: scope.rollbackAlarmNames.map(
                          (n) => pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${n}`,
                      ),
                  },
              ]
            : []),
        ...(scope.async !== undefined ? asyncRoleStatements(scope.async) : []),
        {
            Sid: "UseStackKey",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: scope.kmsKeyArn,
            Condition: {
                StringEquals: {
                    // SNS encrypts a published message with the topic's key on the publisher's behalf. No ecr:
                    // ECR decrypts image layers with the grants it created on the key with the repository
                    // (https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html), so a
                    // pulling role needs only the ecr: actions (as the pipeline processing role has).
                    "kms:ViaService": ["s3", "dynamodb", ...(scope.async?.topicArns ? ["sns"] : [])].map(
                        (s) => pulumi.interpolate`${s}.${region}.amazonaws.com`,
                    ),
                },
            },
        },
    ];
    if (scope.vpc !== undefined) {
        statements.push(...sageMakerVpcStatements({ ...scope.vpc, accountId, region, partition }));
    }
    return statements;
}

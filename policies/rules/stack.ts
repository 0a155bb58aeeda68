/**
 * Stack-wide rules: required tags on every taggable resource, and protection of stateful
 * resources in prod.
 */
import { PolicyConfigSchema, ResourceValidationArgs } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { ENVIRONMENT_CONFIG, environmentOf, stackConfigValue } from "../lib/environment";
import { isObject } from "../lib/resources";
import { baseRequiredTags, tagProblems } from "../lib/tags";

/**
 * Resource types that take `tags` and that the stack (or a consumer of its components) creates.
 * Any other resource that carries a `tags` input is checked too. S3 objects are left out: their
 * tags are object metadata, not resource tags.
 */
export const TAGGABLE_TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:kms/key:Key",
    "aws:iam/role:Role",
    "aws:iam/policy:Policy",
    "aws:dynamodb/table:Table",
    "aws:glue/catalogDatabase:CatalogDatabase",
    "aws:glue/crawler:Crawler",
    "aws:glue/job:Job",
    "aws:redshiftserverless/namespace:Namespace",
    "aws:redshiftserverless/workgroup:Workgroup",
    "aws:redshift/cluster:Cluster",
    "aws:redshift/parameterGroup:ParameterGroup",
    "aws:redshift/subnetGroup:SubnetGroup",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/flowLog:FlowLog",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:mwaa/environment:Environment",
    "aws:ecr/repository:Repository",
    "aws:sagemaker/model:Model",
    "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
    "aws:sagemaker/endpoint:Endpoint",
    "aws:appautoscaling/target:Target",
    "aws:secretsmanager/secret:Secret",
    "awsx:ec2:Vpc",
];

const UNTAGGED_TYPES = ["aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/bucketObject:BucketObject"];

function taggable(args: ResourceValidationArgs): boolean {
    if (TAGGABLE_TYPES.includes(args.type)) return true;
    if (UNTAGGED_TYPES.includes(args.type) || args.type.startsWith("pulumi:")) return false;
    return "tags" in args.props;
}

function stringRecord(value: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (isObject(value)) for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
    return out;
}

const TAGS_CONFIG: PolicyConfigSchema = {
    properties: {
        ...ENVIRONMENT_CONFIG.properties,
        requiredTags: {
            type: "object",
            additionalProperties: { type: "string" },
            description: "Tags every taggable resource must carry, besides environment and managed-by.",
        },
    },
};

/**
 * The tags a resource must carry: `environment` and `managed-by`, the stack config
 * `mlops-platform:tags`, and this policy's `requiredTags` config.
 */
export function requiredTags(args: Pick<ResourceValidationArgs, "getConfig" | "stackTags">): Record<string, string> {
    const base = baseRequiredTags(environmentOf(args));
    // Base tags first (and winning), then the configured ones, so messages list them in that order.
    return {
        ...base,
        ...stringRecord(stackConfigValue("tags")),
        ...stringRecord(args.getConfig<{ requiredTags?: unknown }>().requiredTags),
        ...base,
    };
}

/** Every taggable resource carries the stack's required tags. */
export const requiredTagsPolicy: MlopsPolicy = {
    name: "required-tags",
    description:
        "Every taggable resource carries the stack's required tags (environment, managed-by and the " +
        "configured mlops-platform:tags).",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Pass the component's `tags` through to every child resource (environment=<stack environment>, " +
        "managed-by=pulumi, plus mlops-platform:tags).",
    configSchema: TAGS_CONFIG,
    ...framework({
        service: "Stack-wide",
        rule:
            "every taggable resource carries the stack's required tags (environment, managed-by, plus " +
            "configured ones)",
        sources: ["ML"],
    }),
    validateResource: (args, report) => {
        if (!taggable(args)) return;
        const tags = {
            ...(isObject(args.props.tagsAll) ? args.props.tagsAll : {}),
            ...(isObject(args.props.tags) ? args.props.tags : {}),
        };
        const problems = tagProblems(tags, requiredTags(args));
        if (problems.length > 0) report(`${args.type.split(":").pop()} "${args.name}": ${problems.join("; ")}.`);
    },
};

/** Resource types holding data that a delete would lose. */
export const STATEFUL_TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:dynamodb/table:Table",
    "aws:redshiftserverless/namespace:Namespace",
    "aws:redshift/cluster:Cluster",
    "aws:kms/key:Key",
    "aws:ecr/repository:Repository",
];

/**
 * Prod: stateful resources are protected. The Analyzer protocol carries `protect` but not
 * `retainOnDelete`, so `protect` is what is checked (components set both).
 */
export const prodStatefulProtected: MlopsPolicy = {
    name: "prod-stateful-protected",
    description:
        "In prod, every stateful resource (bucket, table, Redshift namespace/cluster, KMS key, ECR " +
        "repository) is protected.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Give stateful children { protect: true, retainOnDelete: true } in prod (components do this from " +
        "the environment profile).",
    configSchema: ENVIRONMENT_CONFIG,
    ...framework({
        service: "Stack-wide",
        rule: "prod: every stateful resource is protected or retained on delete",
        sources: ["ML"],
    }),
    validateResource: (args, report) => {
        if (!STATEFUL_TYPES.includes(args.type) || args.opts.protect || environmentOf(args) !== "prod") return;
        report(
            `${args.type.split(":").pop()} "${args.name}" holds data but is not protected in prod; set ` +
                `protect: true and retainOnDelete: true.`,
        );
    },
};

/** All stack-wide policies. */
export const stackPolicies: MlopsPolicy[] = [requiredTagsPolicy, prodStatefulProtected];

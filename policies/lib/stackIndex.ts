/**
 * What belongs to this stack, computed once per `analyzeStack` call from the planned resources:
 * the account and region, the ARNs and names of every resource the stack creates, the stack's KMS
 * key, its buckets, repositories, tables, alarms, subnets and security groups. The invariants
 * (rules/invariants/) ask "is this reference one of the stack's?" of this index.
 */
import { PolicyResource } from "@pulumi/policy";
import { asArray, known, str } from "./resources";

/** The stack's own resources, by kind. */
export interface StackIndex {
    /** Account the stack deploys into (most frequent account in the stack's ARNs). */
    readonly account?: string;
    /** Partition of the stack's ARNs (`aws`, `aws-cn`, `aws-us-gov`). */
    readonly partition: string;
    /** Every ARN of a stack resource, plus the ARNs AWS derives from bucket, subnet and SG ids. */
    readonly arns: ReadonlySet<string>;
    /** Identifiers the stack's KMS keys are named by: key id, key ARN, alias name, alias ARN. */
    readonly keyIds: ReadonlySet<string>;
    /** Bucket names. */
    readonly buckets: ReadonlySet<string>;
    /** Bucket names that receive server access logs (the documented SSE-S3 exception). */
    readonly logBuckets: ReadonlySet<string>;
    /** ECR repository URLs (`<acct>.dkr.ecr.<region>.amazonaws.com/<name>`). */
    readonly repositoryUrls: ReadonlySet<string>;
    /** DynamoDB table names. */
    readonly tables: ReadonlySet<string>;
    /** CloudWatch metric alarm names. */
    readonly alarms: ReadonlySet<string>;
    /** Private (and isolated) subnet ids of the stack's VPCs, and whether any are known. */
    readonly privateSubnets: ReadonlySet<string>;
    /** Public subnet ids of the stack's VPCs. */
    readonly publicSubnets: ReadonlySet<string>;
    /** Ids of security groups the stack creates. */
    readonly securityGroups: ReadonlySet<string>;
    /** MWAA environment names. */
    readonly mwaaEnvironments: ReadonlySet<string>;
    /** SageMaker endpoint names. */
    readonly endpoints: ReadonlySet<string>;
}

const cache = new WeakMap<readonly PolicyResource[], StackIndex>();

function prop(r: PolicyResource, key: string): unknown {
    return known(() => r.props[key]);
}

function strings(value: unknown): string[] {
    return asArray(value).filter((v): v is string => typeof v === "string" && v.length > 0);
}

const ARN = /^arn:(aws[a-z-]*):[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:/;

/** The index of a stack's resources (cached per resource list: every invariant shares it). */
export function stackIndex(resources: readonly PolicyResource[]): StackIndex {
    const cached = cache.get(resources);
    if (cached) return cached;
    const arns = new Set<string>();
    const keyIds = new Set<string>();
    const buckets = new Set<string>();
    const logBuckets = new Set<string>();
    const repositoryUrls = new Set<string>();
    const tables = new Set<string>();
    const alarms = new Set<string>();
    const privateSubnets = new Set<string>();
    const publicSubnets = new Set<string>();
    const securityGroups = new Set<string>();
    const mwaaEnvironments = new Set<string>();
    const endpoints = new Set<string>();
    const accounts = new Map<string, number>();
    let partition = "aws";
    for (const r of resources) {
        const arn = str(prop(r, "arn"));
        if (arn) {
            arns.add(arn);
            const m = ARN.exec(arn);
            if (m) {
                partition = m[1];
                if (m[2]) accounts.set(m[2], (accounts.get(m[2]) ?? 0) + 1);
            }
        }
        const name = str(prop(r, "name"));
        const id = str(prop(r, "id"));
        switch (r.type) {
            case "aws:kms/key:Key":
                for (const v of [arn, id, str(prop(r, "keyId"))]) if (v) keyIds.add(v);
                break;
            case "aws:kms/alias:Alias":
                for (const v of [arn, name]) if (v) keyIds.add(v);
                break;
            case "aws:s3/bucket:Bucket":
            case "aws:s3/bucketV2:BucketV2": {
                const bucket = str(prop(r, "bucket")) ?? id;
                if (bucket) {
                    buckets.add(bucket);
                    arns.add(`arn:${partition}:s3:::${bucket}`);
                }
                break;
            }
            case "aws:s3/bucketLogging:BucketLogging":
            case "aws:s3/bucketLoggingV2:BucketLoggingV2": {
                const target = str(prop(r, "targetBucket"));
                if (target) logBuckets.add(target);
                break;
            }
            case "aws:ecr/repository:Repository": {
                const url = str(prop(r, "repositoryUrl"));
                if (url) repositoryUrls.add(url);
                break;
            }
            case "aws:dynamodb/table:Table":
                if (name) tables.add(name);
                break;
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                if (name) alarms.add(name);
                break;
            case "aws:ec2/securityGroup:SecurityGroup": {
                // The engine hands stack policies outputs without `id`; the ARN ends in it.
                const groupId = id ?? /security-group\/(sg-[0-9a-f]+)$/.exec(arn ?? "")?.[1];
                if (groupId) securityGroups.add(groupId);
                break;
            }
            case "aws:mwaa/environment:Environment":
                if (name) mwaaEnvironments.add(name);
                break;
            case "aws:sagemaker/endpoint:Endpoint":
                if (name) endpoints.add(name);
                break;
            case "awsx:ec2:Vpc":
                for (const s of [...strings(prop(r, "privateSubnetIds")), ...strings(prop(r, "isolatedSubnetIds"))])
                    privateSubnets.add(s);
                for (const s of strings(prop(r, "publicSubnetIds"))) publicSubnets.add(s);
                break;
            case "aws:ec2/subnet:Subnet":
                if (id) (prop(r, "mapPublicIpOnLaunch") === true ? publicSubnets : privateSubnets).add(id);
                break;
        }
    }
    const account = [...accounts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const index: StackIndex = {
        ...(account ? { account } : {}),
        partition,
        arns,
        keyIds,
        buckets,
        logBuckets,
        repositoryUrls,
        tables,
        alarms,
        privateSubnets,
        publicSubnets,
        securityGroups,
        mwaaEnvironments,
        endpoints,
    };
    cache.set(resources, index);
    return index;
}

/** The account and region of an ARN (empty strings when the ARN has none). */
export function arnParts(arn: string): { service: string; region: string; account: string; rest: string } | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    return { service: parts[2], region: parts[3], account: parts[4], rest: parts.slice(5).join(":") };
}

/**
 * Invariants on the stack's workloads (SageMaker models and endpoint configs, MWAA, Glue tables,
 * Redshift): every bucket, registry, table and location they reference is one of the stack's;
 * they run in the stack's private subnets and security groups; their environments carry no
 * plaintext credentials.
 */
import { PolicyResource } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../../lib/metadata";
import { asArray, isObject, known, objects, str } from "../../lib/resources";
import { StackIndex, stackIndex } from "../../lib/stackIndex";

/** [where, value] of every string a workload reads data, code or images from or writes to. */
function references(r: PolicyResource): [string, unknown][] {
    const p = (key: string) => known(() => r.props[key]);
    const out: [string, unknown][] = [];
    switch (r.type) {
        case "aws:sagemaker/model:Model": {
            const containers = [
                ...(isObject(p("primaryContainer")) ? [["primaryContainer", p("primaryContainer")] as const] : []),
                ...objects(p("containers")).map((c, i) => [`containers[${i}]`, c] as const),
            ];
            for (const [at, c] of containers) {
                const container = c as Record<string, unknown>;
                out.push([`${at}.image`, container.image], [`${at}.modelDataUrl`, container.modelDataUrl]);
                if (isObject(container.environment))
                    for (const [k, v] of Object.entries(container.environment)) out.push([`${at}.environment.${k}`, v]);
            }
            break;
        }
        case "aws:sagemaker/endpointConfiguration:EndpointConfiguration": {
            const capture = p("dataCaptureConfig");
            if (isObject(capture)) out.push(["dataCaptureConfig.destinationS3Uri", capture.destinationS3Uri]);
            const async = p("asyncInferenceConfig");
            if (isObject(async) && isObject(async.outputConfig))
                out.push(["asyncInferenceConfig.outputConfig.s3OutputPath", async.outputConfig.s3OutputPath]);
            break;
        }
        case "aws:mwaa/environment:Environment": {
            out.push(["sourceBucketArn", p("sourceBucketArn")]);
            const options = p("airflowConfigurationOptions");
            if (isObject(options))
                for (const [k, v] of Object.entries(options)) out.push([`airflowConfigurationOptions.${k}`, v]);
            break;
        }
        case "aws:glue/catalogTable:CatalogTable": {
            const sd = p("storageDescriptor");
            if (isObject(sd)) out.push(["storageDescriptor.location", sd.location]);
            break;
        }
    }
    return out;
}

/** What is wrong with one reference, or undefined when it is the stack's (or not a reference). */
export function foreignReference(key: string, value: unknown, index: StackIndex): string | undefined {
    const v = str(value);
    if (v === undefined) return undefined;
    const s3 = /^s3a?:\/\/([^/]+)/.exec(v);
    if (s3) return index.buckets.has(s3[1]) ? undefined : `bucket ${s3[1]}`;
    const bucketArn = /^arn:[^:]+:s3:::([^/]+)$/.exec(v);
    if (bucketArn) return index.buckets.has(bucketArn[1]) ? undefined : `bucket ${bucketArn[1]}`;
    const image = /^(\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/[^@:]+)/.exec(v);
    if (image) return index.repositoryUrls.has(image[1]) ? undefined : `registry ${image[1]}`;
    if (key.endsWith(".image") || (/\/[^/]+[:@]/.test(v) && /^[a-z0-9.-]+\.[a-z]{2,}\//.test(v)))
        return `image ${v} (not in the stack's ECR repository)`;
    if (/_BUCKET$|[._]bucket$/i.test(key)) return index.buckets.has(v) ? undefined : `bucket ${v}`;
    if (/_TABLES?$|[._]tables?$/i.test(key)) {
        const foreign = v
            .split(",")
            .map((t) => t.trim())
            .filter((t) => t && !index.tables.has(t));
        return foreign.length > 0 ? `table ${foreign.join(", ")}` : undefined;
    }
    return undefined;
}

/** Every bucket, registry, table and location a workload references is one of this stack's. */
export const invariantWorkloadReferences: MlopsPolicy = {
    name: "invariant-workload-references-in-stack",
    description:
        "Every bucket, ECR registry/image, DynamoDB table and S3 location a workload references (SageMaker " +
        "models and data capture, MWAA, Glue tables) is one of this stack's.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Point workloads at the stack's own buckets, repository and tables (pass the component outputs); " +
        "data and code must neither leave the stack nor enter it from elsewhere.",
    ...framework({
        service: "Invariants",
        rule: "workloads reference only the stack's data stores and registry",
        sources: ["ML"],
    }),
    validateStack: (args, report) => {
        const index = stackIndex(args.resources);
        for (const r of args.resources)
            for (const [where, value] of references(r)) {
                const why = foreignReference(where, value, index);
                if (why) report(`"${r.name}" ${where} references ${why}, which is not this stack's.`, r.urn);
            }
    },
};

/** [where, subnet ids, security group ids] of each workload's network placement. */
function placement(r: PolicyResource): { subnets: string[]; groups: string[] } | undefined {
    const p = (key: string) => known(() => r.props[key]);
    const strs = (v: unknown) => asArray(v).filter((x): x is string => typeof x === "string");
    switch (r.type) {
        case "aws:sagemaker/model:Model": {
            const vpc = p("vpcConfig");
            return isObject(vpc) ? { subnets: strs(vpc.subnets), groups: strs(vpc.securityGroupIds) } : undefined;
        }
        case "aws:mwaa/environment:Environment": {
            const net = p("networkConfiguration");
            return isObject(net) ? { subnets: strs(net.subnetIds), groups: strs(net.securityGroupIds) } : undefined;
        }
        case "aws:redshiftserverless/workgroup:Workgroup":
            return { subnets: strs(p("subnetIds")), groups: strs(p("securityGroupIds")) };
        case "aws:redshift/cluster:Cluster":
            return { subnets: [], groups: strs(p("vpcSecurityGroupIds")) };
        default:
            return undefined;
    }
}

/** Workloads run in the stack's private subnets and in security groups the stack creates. */
export const invariantWorkloadPlacement: MlopsPolicy = {
    name: "invariant-workload-private-placement",
    description:
        "SageMaker models, MWAA and Redshift run only in the stack's private subnets and only in security " +
        "groups the stack creates (never a default security group).",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Pass the network's privateSubnetIds and the component's own security group; a default security " +
        "group admits every member of the group and cannot be reviewed in code.",
    ...framework({
        service: "Invariants",
        rule: "workloads in private subnets and stack security groups",
        sources: ["ML", "EC2.2", "CKV2_AWS_12"],
    }),
    validateStack: (args, report) => {
        const index = stackIndex(args.resources);
        for (const r of args.resources) {
            const where = placement(r);
            if (!where) continue;
            if (index.privateSubnets.size > 0)
                for (const s of where.subnets.filter((id) => !index.privateSubnets.has(id)))
                    report(
                        `"${r.name}" runs in subnet ${s}, ` +
                            `${index.publicSubnets.has(s) ? "a public subnet" : "not a private subnet of this stack"}.`,
                        r.urn,
                    );
            for (const g of where.groups.filter((id) => !index.securityGroups.has(id)))
                report(
                    `"${r.name}" uses security group ${g}, which this stack does not create (a default or ` +
                        `foreign group).`,
                    r.urn,
                );
        }
    },
};

/** Names that say "secret" and values shaped like AWS keys or private keys. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;
const SECRET_VALUE =
    /(^|[^A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}([^A-Z0-9]|$)|-----BEGIN [A-Z ]*PRIVATE KEY-----|:\/\/[^/\s:@]+:[^/\s@]+@/;
/** Names whose value is a reference to a secret, not the secret (Secrets Manager / SSM ARNs or names). */
const SECRET_REFERENCE = /^(arn:aws[a-z-]*:(secretsmanager|ssm):|\{\{resolve:)/;

function environments(r: PolicyResource): [string, Record<string, unknown>][] {
    const p = (key: string) => known(() => r.props[key]);
    if (r.type === "aws:sagemaker/model:Model") {
        const out: [string, Record<string, unknown>][] = [];
        const primary = p("primaryContainer");
        if (isObject(primary) && isObject(primary.environment))
            out.push(["primaryContainer.environment", primary.environment]);
        objects(p("containers")).forEach((c, i) => {
            if (isObject(c.environment)) out.push([`containers[${i}].environment`, c.environment]);
        });
        return out;
    }
    if (r.type === "aws:mwaa/environment:Environment") {
        const options = p("airflowConfigurationOptions");
        return isObject(options) ? [["airflowConfigurationOptions", options]] : [];
    }
    return [];
}

/** No plaintext credentials in container environments or Airflow options. */
export const invariantNoPlaintextCredentials: MlopsPolicy = {
    name: "invariant-no-plaintext-credentials",
    description:
        "Container environments (SageMaker) and Airflow configuration options (MWAA) carry no plaintext " +
        "credentials: no secret-named values, AWS access keys, private keys or passwords in URLs.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Keep secrets in AWS Secrets Manager and pass the secret's ARN; the role reads it at run time. " +
        "Environment values are visible to anyone with sagemaker:DescribeModel / airflow:GetEnvironment.",
    ...framework({
        service: "Invariants",
        rule: "no plaintext credentials in workload environments",
        sources: ["ML", "CKV_AWS_41", "CKV_AWS_45"],
    }),
    validateStack: (args, report) => {
        for (const r of args.resources)
            for (const [where, env] of environments(r))
                for (const [key, value] of Object.entries(env)) {
                    const v = typeof value === "string" ? value : "";
                    if (SECRET_REFERENCE.test(v)) continue;
                    if ((SECRET_NAME.test(key) && v.length > 0) || SECRET_VALUE.test(v))
                        report(
                            `"${r.name}" ${where}.${key} holds a plaintext credential; pass a Secrets ` +
                                `Manager ARN instead.`,
                            r.urn,
                        );
                }
    },
};

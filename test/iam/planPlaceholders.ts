/**
 * The placeholders a manifest writes instead of planned names and ARNs, resolved against one plan.
 * Components name their children `<stack>-<component>-<child>` (stack = the MlopsPlatform's name), so
 * `{bucket:offline-store}` is the bucket planned as `mlops-prod-offline-store` in prod.
 */
import type { PlanDocument } from "../../tools/plan/plan";
import type { PlannedResource } from "../../tools/plan/recorder";
import { stackPrefix } from "./plannedPolicies";

type Resolver = (plan: PlanContext, argument: string) => string;

/** One plan, with lookups by type and logical name. */
export class PlanContext {
    readonly prefix: string;
    readonly account: string;
    readonly region: string;

    constructor(readonly doc: PlanDocument) {
        this.prefix = stackPrefix(doc);
        const [, , , region, account] = this.output("aws:kms/key:Key", `${this.prefix}-key`, "arn").split(":");
        this.account = account;
        this.region = region;
    }

    /** The resource of `type` planned as `<stack>-<suffix>`; throws naming both when absent. */
    named(type: string, suffix: string): PlannedResource {
        const name = `${this.prefix}-${suffix}`;
        const found = this.doc.resources.filter((r) => r.type === type && r.name === name);
        if (found.length !== 1) throw new Error(`${this.doc.stack} plans ${found.length} ${type} named ${name}`);
        return found[0];
    }

    /** The only resource of `type`. */
    only(type: string): PlannedResource {
        const found = this.doc.resources.filter((r) => r.type === type);
        if (found.length !== 1) throw new Error(`${this.doc.stack} plans ${found.length} ${type}, expected one`);
        return found[0];
    }

    output(type: string, suffixOrName: string, field: string): string {
        const resource = this.doc.resources.find(
            (r) => r.type === type && (r.name === suffixOrName || r.name === `${this.prefix}-${suffixOrName}`),
        );
        const value = field === "id" ? resource?.id : (resource?.outputs[field] ?? resource?.inputs[field]);
        if (typeof value !== "string") throw new Error(`${this.doc.stack}: no ${field} of ${type} ${suffixOrName}`);
        return value;
    }

    /**
     * A planned value written back as a template: the stack's planned names and ARNs (longest first) become their
     * placeholders, so that keys derived from it hold nothing environment-specific.
     */
    templateOf(value: string): string {
        const named = (type: string, placeholder: string, field: string) =>
            this.doc.resources
                .filter((r) => r.type === type && r.name.startsWith(`${this.prefix}-`))
                .map((r) => [
                    r.outputs[field] ?? r.inputs[field],
                    `{${placeholder}:${r.name.slice(this.prefix.length + 1)}}`,
                ]);
        const pairs = [
            [this.output("aws:kms/key:Key", "key", "arn"), "{key}"],
            ...named("aws:s3/bucket:Bucket", "bucket", "bucket"),
            ...named("aws:cloudwatch/logGroup:LogGroup", "log-group", "name"),
            ...named("aws:iam/role:Role", "role", "arn"),
            ...this.doc.resources
                .filter((r) => r.type === "aws:glue/catalogDatabase:CatalogDatabase")
                .map((r) => [r.inputs.name, "{glue-database}"]),
        ].filter((pair): pair is [string, string] => typeof pair[0] === "string" && pair[0] !== "");
        pairs.sort((a, b) => b[0].length - a[0].length);
        let template = value;
        for (const [planned, placeholder] of pairs) template = template.split(planned).join(placeholder);
        return template
            .split(`:${this.account}:`)
            .join(":{account}:")
            .split(`:${this.region}:`)
            .join(":{region}:")
            .split(`.${this.region}.`)
            .join(".{region}.");
    }

    /** `template` with every `{name}` / `{name:argument}` replaced; unknown or unplanned ones throw. */
    resolve(template: string): string {
        return template.replace(/\{([a-z-]+)(?::([^}]+))?\}/g, (_, name: string, argument: string | undefined) => {
            const resolver = PLACEHOLDERS[name];
            if (resolver === undefined) throw new Error(`unknown placeholder {${name}} in ${template}`);
            return resolver.resolve(this, argument ?? "");
        });
    }
}

const field = (value: unknown, what: string): string => {
    if (typeof value !== "string") throw new Error(`${what} is not planned`);
    return value;
};

/** Every placeholder, with what it stands for (the docs page lists them). */
export const PLACEHOLDERS: Readonly<Record<string, { readonly means: string; readonly resolve: Resolver }>> = {
    account: { means: "the stack's account id", resolve: (p) => p.account },
    region: { means: "the stack's region", resolve: (p) => p.region },
    key: { means: "ARN of the stack's KMS key", resolve: (p) => p.output("aws:kms/key:Key", "key", "arn") },
    bucket: {
        means: "name of the stack's bucket `<stack>-<argument>` (`offline-store`, `airflow-dags`, …)",
        resolve: (p, name) => p.output("aws:s3/bucket:Bucket", name, "bucket"),
    },
    table: {
        means: "ARN of the online-store table of feature view `<argument>`",
        resolve: (p, view) => p.output("aws:dynamodb/table:Table", `features-${view}`, "arn"),
    },
    role: {
        means: "ARN of the stack's role `<stack>-<argument>`",
        resolve: (p, name) => p.output("aws:iam/role:Role", name, "arn"),
    },
    workgroup: {
        means: "ARN of the Redshift Serverless workgroup",
        resolve: (p) => p.output("aws:redshiftserverless/workgroup:Workgroup", "features", "arn"),
    },
    repository: {
        means: "ARN of the serving image repository",
        resolve: (p) => p.output("aws:ecr/repository:Repository", "models", "arn"),
    },
    "pipeline-repository": {
        means: "ARN of the pipeline image repository (the Processing jobs' image)",
        resolve: (p) => p.output("aws:ecr/repository:Repository", "airflow-pipeline-image", "arn"),
    },
    "analyzer-repository": {
        means: "ARN of AWS's Model Monitor analyzer image repository for the region",
        resolve: (p) => {
            const job = p.only("aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition");
            const spec = job.inputs.dataQualityAppSpecification as { imageUri?: string } | undefined;
            const [registry, repo] = field(spec?.imageUri, "analyzer imageUri").split("/");
            const [registryAccount, , , region] = registry.split(".");
            return `arn:aws:ecr:${region}:${registryAccount}:repository/${repo.split(/[:@]/)[0]}`;
        },
    },
    mwaa: {
        means: "name of the MWAA environment",
        resolve: (p) => p.output("aws:mwaa/environment:Environment", "airflow", "name"),
    },
    "mwaa-arn": {
        means: "ARN of the MWAA environment",
        resolve: (p) => p.output("aws:mwaa/environment:Environment", "airflow", "arn"),
    },
    endpoint: {
        means: "name of the SageMaker endpoint",
        resolve: (p) => p.output("aws:sagemaker/endpoint:Endpoint", "serving", "name"),
    },
    "glue-database": {
        means: "name of the offline store's Glue database",
        resolve: (p) => p.output("aws:glue/catalogDatabase:CatalogDatabase", "features", "name"),
    },
    "log-group": {
        means: "name of the stack's log group `<stack>-<argument>`",
        resolve: (p, name) => p.output("aws:cloudwatch/logGroup:LogGroup", name, "name"),
    },
    "security-group": {
        means: "ARN of the stack's security group `<stack>-<argument>`",
        resolve: (p, name) =>
            `arn:aws:ec2:${p.region}:${p.account}:security-group/` +
            p.output("aws:ec2/securityGroup:SecurityGroup", name, "id"),
    },
    "processing-subnet": {
        means:
            "ARN of the Processing jobs' subnet number `<argument>` (network.subnets of the uploaded " +
            "dags/mlops_pipeline.json, which the DAGs put in CreateProcessingJob's NetworkConfig.VpcConfig)",
        resolve: (p, index) => {
            const config = p.named("aws:s3/bucketObjectv2:BucketObjectv2", "airflow-pipeline-job-config");
            const content = JSON.parse(field(config.inputs.content, "job config content")) as {
                network?: { subnets?: string[] };
            };
            const subnet = field(content.network?.subnets?.[Number(index)], `processing subnet ${index}`);
            return `arn:aws:ec2:${p.region}:${p.account}:subnet/${subnet}`;
        },
    },
    subnet: {
        means: "ARN of the endpoint's subnet number `<argument>` (0, 1, …; its model's VPC configuration)",
        resolve: (p, index) => {
            const model = p.named("aws:sagemaker/model:Model", "serving-primary");
            const subnets = (model.inputs.vpcConfig as { subnets?: string[] } | undefined)?.subnets;
            return `arn:aws:ec2:${p.region}:${p.account}:subnet/${field(subnets?.[Number(index)], `subnet ${index}`)}`;
        },
    },
};

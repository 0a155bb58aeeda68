/**
 * The policies a planned stack holds, read from its plan document (`plan --json`): each role's
 * identity policies (inline role policies, `inlinePolicies`, attached customer-managed policies) and
 * the resource policies a call can meet (bucket policies, the key policy, ECR repository policies,
 * role trust policies), keyed by the ARN a request names.
 */
import type { PlanDocument } from "../../tools/plan/plan";
import type { PlannedResource } from "../../tools/plan/recorder";
import type { RenderedStatement } from "../support/helpers";

/** A parsed policy document. */
export interface PolicyDoc {
    readonly Version: string;
    readonly Statement: readonly RenderedStatement[];
}

/** One planned role and its identity policies, each named after the resource that holds it. */
export interface PlannedRole {
    readonly logicalName: string;
    readonly arn: string;
    readonly identityPolicies: readonly { readonly name: string; readonly policy: PolicyDoc }[];
    readonly trustPolicy: PolicyDoc;
}

function parse(resource: PlannedResource, field: string): PolicyDoc {
    const raw = resource.inputs[field];
    if (typeof raw !== "string") throw new Error(`${resource.type} ${resource.name}: ${field} is not a JSON string`);
    return JSON.parse(raw) as PolicyDoc;
}

const ofType = (doc: PlanDocument, type: string) => doc.resources.filter((r) => r.type === type);
const str = (value: unknown, what: string): string => {
    if (typeof value !== "string") throw new Error(`${what} is not planned as a string`);
    return value;
};

/** The stack's name prefix: the logical name of its MlopsPlatform component (`mlops-prod`). */
export function stackPrefix(doc: PlanDocument): string {
    const [platform, ...others] = ofType(doc, "mlops-platform:index:MlopsPlatform");
    if (platform === undefined || others.length > 0) throw new Error(`${doc.stack}: expected one MlopsPlatform`);
    return platform.name;
}

/** Every planned role, with its identity policies gathered from every place IAM attaches them. */
export function plannedRoles(doc: PlanDocument): PlannedRole[] {
    const policies = new Map(ofType(doc, "aws:iam/policy:Policy").map((p) => [p.outputs.arn, p]));
    return ofType(doc, "aws:iam/role:Role").map((role) => {
        const name = str(role.outputs.name, `role ${role.name} name`);
        const arn = str(role.outputs.arn, `role ${role.name} arn`);
        const inline = ofType(doc, "aws:iam/rolePolicy:RolePolicy")
            .filter((p) => p.inputs.role === name || p.inputs.role === arn)
            .map((p) => ({ name: `rolePolicy ${p.name}`, policy: parse(p, "policy") }));
        const embedded = ((role.inputs.inlinePolicies as { name?: string; policy?: string }[] | undefined) ?? []).map(
            (p, i) => ({ name: `inlinePolicies[${p.name ?? i}]`, policy: JSON.parse(str(p.policy, "inline")) }),
        );
        const attachedArns = [
            ...((role.inputs.managedPolicyArns as string[] | undefined) ?? []),
            ...ofType(doc, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((a) => a.inputs.role === name)
                .map((a) => str(a.inputs.policyArn, `attachment ${a.name} policyArn`)),
        ];
        const attached = attachedArns.map((policyArn) => {
            const planned = policies.get(policyArn);
            // An AWS-managed policy's text is not in the plan: nothing could prove what it grants.
            if (planned === undefined)
                throw new Error(`role ${role.name}: attached policy ${policyArn} is not planned`);
            return { name: `policy ${planned.name}`, policy: parse(planned, "policy") };
        });
        return {
            logicalName: role.name,
            arn,
            identityPolicies: [...inline, ...embedded, ...attached],
            trustPolicy: parse(role, "assumeRolePolicy"),
        };
    });
}

/** Resource policies by the ARN a request names (bucket and object ARNs resolve to their bucket). */
export class ResourcePolicies {
    private readonly byArn = new Map<string, PolicyDoc>();

    constructor(doc: PlanDocument) {
        for (const p of ofType(doc, "aws:s3/bucketPolicy:BucketPolicy"))
            this.byArn.set(`arn:aws:s3:::${str(p.inputs.bucket, `bucket policy ${p.name}`)}`, parse(p, "policy"));
        for (const key of ofType(doc, "aws:kms/key:Key"))
            this.byArn.set(str(key.outputs.arn, `key ${key.name}`), parse(key, "policy"));
        const repositories = ofType(doc, "aws:ecr/repository:Repository");
        for (const p of ofType(doc, "aws:ecr/repositoryPolicy:RepositoryPolicy")) {
            const repo = repositories.find((r) => r.outputs.name === p.inputs.repository);
            if (repo === undefined) throw new Error(`repository policy ${p.name}: repository is not planned`);
            this.byArn.set(str(repo.outputs.arn, `repository ${repo.name}`), parse(p, "policy"));
        }
        for (const role of plannedRoles(doc)) this.byArn.set(role.arn, role.trustPolicy);
    }

    /** The policy of the resource `arn` names, if the stack plans one. */
    of(arn: string): PolicyDoc | undefined {
        const bucket = /^arn:aws:s3:::([^/]+)/.exec(arn);
        return this.byArn.get(bucket ? `arn:aws:s3:::${bucket[1]}` : arn);
    }
}

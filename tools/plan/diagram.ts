/**
 * Architecture diagram from a plan: a Mermaid flowchart whose nodes are the data stores and
 * compute the stack creates, grouped by component, and whose edges are the data flows the IAM
 * grants allow — read grants draw store → compute, write grants compute → store — plus data
 * capture, which the SageMaker service writes without a role grant.
 * Nothing is hard-coded per stack: a grant that disappears from the plan disappears here too.
 */
import { PlannedResource } from "./recorder";

interface Node {
    readonly id: string;
    readonly label: string;
    readonly shape: "store" | "compute";
    readonly arns: string[];
    readonly component: string;
}

interface Edge {
    readonly from: string;
    readonly to: string;
    readonly label: string;
}

/** Actions drawn as a read edge (data flowing from the resource to the role's user). */
const READ_ACTIONS = [
    "s3:GetObject",
    "dynamodb:(GetItem|BatchGetItem|Query)",
    "glue:GetTable",
    "redshift-data:ExecuteStatement",
    "ecr:BatchGetImage",
];
const READ = new RegExp(`^(${READ_ACTIONS.join("|")})$`);
const WRITE = /^(s3:PutObject|dynamodb:(BatchWriteItem|PutItem))$/;

function componentLabel(type: string): string {
    return type.split(":")[2] ?? type;
}

function str(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** Finds the component (nearest `mlops-platform:index:*` ancestor other than the platform) of a resource. */
function owningComponent(r: PlannedResource, byUrn: Map<string, PlannedResource>): string {
    let current: PlannedResource | undefined = r;
    let owner = "MlopsPlatform";
    while (current?.parent) {
        const parent = byUrn.get(current.parent);
        if (parent === undefined) break;
        if (
            parent.type.startsWith("mlops-platform:index:") &&
            parent.type !== "mlops-platform:index:MlopsPlatform" &&
            parent.type !== "mlops-platform:index:SecureBucket"
        ) {
            owner = componentLabel(parent.type);
            break;
        }
        current = parent;
    }
    return owner;
}

function collectNodes(resources: readonly PlannedResource[]): Node[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const nodes: Node[] = [];
    const add = (r: PlannedResource, label: string, shape: Node["shape"], arns: (string | undefined)[]) =>
        nodes.push({
            id: `n${nodes.length}`,
            label,
            shape,
            arns: arns.filter((a): a is string => a !== undefined),
            component: owningComponent(r, byUrn),
        });
    for (const r of resources) {
        const arn = str(r.outputs.arn);
        switch (r.type) {
            case "aws:s3/bucket:Bucket": {
                const role =
                    (r.inputs.tags as Record<string, string> | undefined)?.["mlops-platform:bucket-role"] ?? r.name;
                if (role !== "access-logs") add(r, `S3 ${role}`, "store", [arn]);
                break;
            }
            case "aws:dynamodb/table:Table":
                add(r, `DynamoDB ${str(r.inputs.name) ?? r.name}`, "store", [arn]);
                break;
            case "aws:glue/catalogDatabase:CatalogDatabase":
                add(r, `Glue catalog ${str(r.inputs.name) ?? r.name}`, "store", [arn]);
                break;
            case "aws:redshiftserverless/workgroup:Workgroup":
                add(r, "Redshift Serverless", "compute", [arn]);
                break;
            case "aws:redshift/cluster:Cluster":
                add(r, "Redshift cluster", "compute", [arn]);
                break;
            case "aws:ecr/repository:Repository":
                add(r, "ECR repository", "store", [arn]);
                break;
            case "aws:mwaa/environment:Environment":
                add(r, "MWAA Airflow", "compute", [arn, str(r.inputs.executionRoleArn)]);
                break;
            case "aws:sagemaker/endpoint:Endpoint":
                add(r, "SageMaker endpoint", "compute", [arn]);
                break;
        }
    }
    return nodes;
}

/** Matches an IAM resource pattern (with `*`) against an ARN. */
function arnMatches(pattern: string, arn: string): boolean {
    const regex = new RegExp(
        `^${pattern
            .split("*")
            .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
            .join(".*")}$`,
    );
    return regex.test(arn) || regex.test(`${arn}/x`);
}

function asList(value: unknown): string[] {
    return Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
}

/** The compute node a role acts for: the resource whose inputs name the role's ARN. */
function computeForRole(roleArn: string, resources: readonly PlannedResource[], nodes: Node[]): Node | undefined {
    for (const r of resources) {
        const refs = [r.inputs.executionRoleArn, r.inputs.defaultIamRoleArn, ...asList(r.inputs.iamRoles)];
        if (!refs.includes(roleArn)) continue;
        const compute = nodes.find(
            (n) => n.shape === "compute" && (n.arns.includes(roleArn) || n.arns.includes(str(r.outputs.arn) ?? "")),
        );
        if (compute) return compute;
        // A SageMaker Model names the role; its endpoint is the compute node of that component.
        if (r.type === "aws:sagemaker/model:Model") return nodes.find((n) => n.label === "SageMaker endpoint");
        if (r.type === "aws:redshiftserverless/namespace:Namespace" || r.type === "aws:redshift/cluster:Cluster") {
            return nodes.find((n) => n.label.startsWith("Redshift"));
        }
    }
    return undefined;
}

function collectEdges(resources: readonly PlannedResource[], nodes: Node[]): Edge[] {
    const edges: Edge[] = [];
    const push = (edge: Edge) => {
        if (edge.from !== edge.to && !edges.some((e) => e.from === edge.from && e.to === edge.to)) edges.push(edge);
    };
    const roles = resources.filter((r) => r.type === "aws:iam/role:Role");
    for (const policy of resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")) {
        const role = roles.find((r) => r.id === policy.inputs.role || r.outputs.name === policy.inputs.role);
        const compute = role && computeForRole(str(role.outputs.arn) ?? "", resources, nodes);
        if (!compute) continue;
        const doc = JSON.parse(str(policy.inputs.policy) ?? '{"Statement":[]}') as {
            Statement: { Effect?: string; Action: unknown; Resource?: unknown }[];
        };
        for (const statement of doc.Statement) {
            if (statement.Effect === "Deny") continue;
            const actions = asList(statement.Action);
            const patterns = asList(statement.Resource).filter((p) => p !== "*");
            for (const store of nodes.filter((n) => n.shape === "store" || n.label.startsWith("Redshift"))) {
                if (!store.arns.some((arn) => patterns.some((p) => arnMatches(p, arn)))) continue;
                if (actions.some((a) => WRITE.test(a))) push({ from: compute.id, to: store.id, label: "writes" });
                else if (actions.some((a) => READ.test(a))) push({ from: store.id, to: compute.id, label: "reads" });
            }
        }
    }
    // Data capture is written by the SageMaker service, not through the role.
    const endpoint = nodes.find((n) => n.label === "SageMaker endpoint");
    for (const config of resources.filter(
        (r) => r.type === "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
    )) {
        const destination = str(
            (config.inputs.dataCaptureConfig as Record<string, unknown> | undefined)?.destinationS3Uri,
        );
        const bucket = destination?.replace(/^s3:\/\/([^/]+).*$/, "$1");
        const capture = bucket && nodes.find((n) => n.arns.includes(`arn:aws:s3:::${bucket}`));
        if (endpoint && capture) push({ from: endpoint.id, to: capture.id, label: "data capture" });
    }
    return edges;
}

/** Renders the plan's architecture as a Mermaid flowchart. */
export function renderDiagram(resources: readonly PlannedResource[]): string {
    const nodes = collectNodes(resources);
    const edges = collectEdges(resources, nodes);
    const lines = ["flowchart LR"];
    const components = [...new Set(nodes.map((n) => n.component))];
    for (const component of components) {
        lines.push(`    subgraph ${component}`);
        for (const n of nodes.filter((x) => x.component === component)) {
            lines.push(n.shape === "store" ? `        ${n.id}[("${n.label}")]` : `        ${n.id}["${n.label}"]`);
        }
        lines.push("    end");
    }
    for (const e of edges) lines.push(`    ${e.from} -- ${e.label} --> ${e.to}`);
    return `${lines.join("\n")}\n`;
}

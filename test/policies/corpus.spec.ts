/**
 * Corpus of insecure single changes to the planned prod stack (issue 15): each case applies ONE
 * change a security reviewer would block to a copy of the recorder's prod plan and asserts that the
 * expected policy reports it as mandatory. The unchanged plan reports nothing mandatory. Classes
 * follow docs/security-coverage.md.
 */
import * as assert from "assert";
import type { PlanDocument } from "../../tools/plan/plan";
import { PlannedResource } from "../../tools/plan/recorder";
import { runPlan } from "../support/fixtures";
import { runPoliciesInProcess } from "./planPolicies";

type Props = Record<string, unknown>;
type Mutable = PlannedResource & { inputs: Props; outputs: Props; protect: boolean };

const OTHER = "999999999999";
const OTHER_KEY = `arn:aws:kms:us-east-1:${OTHER}:key/11111111-2222-3333-4444-555555555555`;

/** Editing helpers over a deep copy of the plan. */
class Plan {
    readonly resources: Mutable[];
    constructor(base: readonly PlannedResource[]) {
        this.resources = JSON.parse(JSON.stringify(base)) as Mutable[];
    }
    /** Applies `change` to inputs and outputs of the resource of `type` (whose name contains `name`). */
    edit(type: string, change: (p: Props) => void, name = ""): this {
        const r = this.resources.find((x) => x.type.endsWith(type) && x.name.includes(name));
        assert.ok(r, `the plan has a ${type} named *${name}*`);
        change(r.inputs);
        change(r.outputs);
        return this;
    }
    /** Edits the JSON policy document at `prop`. */
    doc(type: string, prop: string, change: (d: { Statement: Props[] }) => void, name = ""): this {
        return this.edit(
            type,
            (p) => {
                const d = JSON.parse(String(p[prop])) as { Statement: Props[] };
                change(d);
                p[prop] = JSON.stringify(d);
            },
            name,
        );
    }
    /** Adds a statement to the serving role's inline policy. */
    grant(statement: Props): this {
        return this.doc(
            "rolePolicy:RolePolicy",
            "policy",
            (d) => d.Statement.push({ Effect: "Allow", ...statement }),
            "serving",
        );
    }
    /** Adds a resource (inputs = outputs). */
    add(type: string, name: string, props: Props): this {
        this.resources.push({
            urn: `urn:pulumi:prod::mlops-platform::${type}::${name}`,
            type,
            name,
            custom: true,
            inputs: props,
            outputs: props,
            dependencies: [],
            propertyDependencies: {},
            protect: false,
            retainOnDelete: false,
            deleteBeforeReplace: false,
            ignoreChanges: [],
        } as unknown as Mutable);
        return this;
    }
}

interface Case {
    readonly cls: string;
    readonly change: string;
    readonly policy: string;
    readonly apply: (p: Plan) => unknown;
}

const ROLE = "role:Role";
const KEY = "kms/key:Key";
const SSE = "BucketServerSideEncryptionConfiguration";
const MODEL = "sagemaker/model:Model";
const MWAA = "mwaa/environment:Environment";
const primary = (p: Props) => p.primaryContainer as Props;
const env = (p: Props) => primary(p).environment as Props;
const foreignAllow = (actions: string) => ({
    Effect: "Allow",
    Sid: "Foreign",
    Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
    Action: actions,
});

const CASES: Case[] = [
    // Another account in a resource or trust policy.
    {
        cls: "principals",
        change: "key policy admits another account",
        policy: "invariant-principals-this-account",
        apply: (p) => p.doc(KEY, "policy", (d) => d.Statement.push({ ...foreignAllow("kms:Decrypt"), Resource: "*" })),
    },
    {
        cls: "principals",
        change: "bucket policy admits another account",
        policy: "invariant-principals-this-account",
        apply: (p) =>
            p.doc(
                "BucketPolicy",
                "policy",
                (d) =>
                    d.Statement.push({
                        ...foreignAllow("s3:GetObject"),
                        Resource: "arn:aws:s3:::mlops-prod-raw-28c47cb/*",
                    }),
                "raw",
            ),
    },
    {
        cls: "principals",
        change: "ECR repository policy admits another account",
        policy: "invariant-principals-this-account",
        apply: (p) => p.doc("RepositoryPolicy", "policy", (d) => d.Statement.push(foreignAllow("ecr:BatchGetImage"))),
    },
    {
        cls: "principals",
        change: "DynamoDB table policy admits another account",
        policy: "invariant-principals-this-account",
        apply: (p) =>
            p.add("aws:dynamodb/resourcePolicy:ResourcePolicy", "table-policy", {
                resourceArn:
                    "arn:aws:dynamodb:us-east-1:123456789012:table/customer_segmentation.customer_rfm_features",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ ...foreignAllow("dynamodb:GetItem"), Resource: "*" }],
                }),
            }),
    },
    {
        cls: "principals",
        change: "trust policy admits another account",
        policy: "invariant-principals-this-account",
        apply: (p) =>
            p.doc(ROLE, "assumeRolePolicy", (d) => d.Statement.push({ ...foreignAllow("sts:AssumeRole") }), "serving"),
    },
    {
        cls: "principals",
        change: "SageMaker trusted for any account (condition dropped)",
        policy: "invariant-principals-this-account",
        apply: (p) => p.doc(ROLE, "assumeRolePolicy", (d) => delete d.Statement[0].Condition, "serving"),
    },
    {
        cls: "principals",
        change: "trust policy SourceAccount names another account",
        policy: "invariant-principals-this-account",
        apply: (p) =>
            p.doc(
                ROLE,
                "assumeRolePolicy",
                (d) => (d.Statement[0].Condition = { StringEquals: { "aws:SourceAccount": OTHER } }),
                "airflow",
            ),
    },
    {
        cls: "principals",
        change: "CloudWatch Logs key grant for any account",
        policy: "invariant-principals-this-account",
        apply: (p) => p.doc(KEY, "policy", (d) => delete (d.Statement[3].Condition as Props).StringEquals),
    },
    {
        cls: "principals",
        change: "log delivery service for any account",
        policy: "invariant-principals-this-account",
        apply: (p) => p.doc("BucketPolicy", "policy", (d) => delete d.Statement[2].Condition, "access-logs"),
    },
    {
        cls: "principals",
        change: "federated principal of another account",
        policy: "invariant-principals-this-account",
        apply: (p) =>
            p.doc(
                ROLE,
                "assumeRolePolicy",
                (d) =>
                    d.Statement.push({
                        Effect: "Allow",
                        Principal: {
                            Federated: `arn:aws:iam::${OTHER}:oidc-provider/token.actions.githubusercontent.com`,
                        },
                        Action: "sts:AssumeRoleWithWebIdentity",
                    }),
                "serving",
            ),
    },
    // Identity policies reaching beyond the stack.
    {
        cls: "identity",
        change: "s3:GetObject on arn:aws:s3:::*",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "s3:GetObject", Resource: "arn:aws:s3:::*" }),
    },
    {
        cls: "identity",
        change: "kms:Decrypt on arn:aws:kms:*:*:key/*",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "kms:Decrypt", Resource: "arn:aws:kms:*:*:key/*" }),
    },
    {
        cls: "identity",
        change: "DynamoDB reads on every table",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) =>
            p.grant({ Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/*" }),
    },
    {
        cls: "identity",
        change: "bucket-name prefix pattern (bucket*)",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "s3:GetObject", Resource: "arn:aws:s3:::mlops-prod-raw-28c47cb*" }),
    },
    {
        cls: "identity",
        change: "ECR pulls from every repository",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) =>
            p.grant({ Action: "ecr:BatchGetImage", Resource: "arn:aws:ecr:us-east-1:123456789012:repository/*" }),
    },
    {
        cls: "identity",
        change: "logs on every log group",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) =>
            p.grant({ Action: "logs:PutLogEvents", Resource: "arn:aws:logs:us-east-1:123456789012:log-group:*" }),
    },
    {
        cls: "identity",
        change: "sts:AssumeRole on any role",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "sts:AssumeRole", Resource: "*" }),
    },
    {
        cls: "identity",
        change: "sts:AssumeRole on another account's role",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "sts:AssumeRole", Resource: `arn:aws:iam::${OTHER}:role/admin` }),
    },
    {
        cls: "identity",
        change: "iam:PassRole without iam:PassedToService",
        policy: "iam-passrole-scoped",
        apply: (p) =>
            p.grant({ Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/mlops-prod-serving-8eb93e5" }),
    },
    {
        cls: "identity",
        change: "s3:DeleteBucket on a stack bucket",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::mlops-prod-raw-28c47cb" }),
    },
    {
        cls: "identity",
        change: "dynamodb:DeleteTable on the online store",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) =>
            p.grant({
                Action: "dynamodb:DeleteTable",
                Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/customer_segmentation.customer_rfm_features",
            }),
    },
    {
        cls: "identity",
        change: "s3:DeleteObjectVersion (bypasses versioning)",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "s3:DeleteObjectVersion", Resource: "arn:aws:s3:::mlops-prod-raw-28c47cb/*" }),
    },
    // AWS-managed policies.
    ...[
        "ReadOnlyAccess",
        "SecretsManagerReadWrite",
        "AdministratorAccess-Amplify",
        "service-role/AmazonSageMakerFullAccess",
    ].map((name): Case => ({
        cls: "managed",
        change: `attaches ${name}`,
        policy: "invariant-no-aws-managed-policy",
        apply: (p) =>
            p.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `attach-${name.replace(/\W/g, "")}`, {
                role: "mlops-prod-serving-8eb93e5",
                policyArn: `arn:aws:iam::aws:policy/${name}`,
            }),
    })),
    {
        cls: "managed",
        change: "managedPolicyArns on the role",
        policy: "invariant-no-aws-managed-policy",
        apply: (p) =>
            p.edit(ROLE, (r) => (r.managedPolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]), "airflow"),
    },
    // Encryption under a key that is not the stack's.
    {
        cls: "encryption",
        change: "bucket SSE-S3 (AES256)",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit(SSE, (s) => (s.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]), "raw"),
    },
    {
        cls: "encryption",
        change: "bucket aws:kms with no key (AWS-managed aws/s3)",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit(
                SSE,
                (s) => (s.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }]),
                "raw",
            ),
    },
    {
        cls: "encryption",
        change: "bucket key alias/aws/s3",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit(
                SSE,
                (s) =>
                    (s.rules = [
                        {
                            applyServerSideEncryptionByDefault: {
                                sseAlgorithm: "aws:kms",
                                kmsMasterKeyId: "alias/aws/s3",
                            },
                        },
                    ]),
                "offline",
            ),
    },
    {
        cls: "encryption",
        change: "bucket key of another account",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit(
                SSE,
                (s) =>
                    (s.rules = [
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: OTHER_KEY } },
                    ]),
                "model-registry",
            ),
    },
    {
        cls: "encryption",
        change: "DynamoDB AWS-owned key",
        policy: "invariant-encryption-stack-key",
        apply: (p) => p.edit("dynamodb/table:Table", (t) => (t.serverSideEncryption = { enabled: false })),
    },
    {
        cls: "encryption",
        change: "DynamoDB another account's key",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit("dynamodb/table:Table", (t) => (t.serverSideEncryption = { enabled: true, kmsKeyArn: OTHER_KEY })),
    },
    {
        cls: "encryption",
        change: "ECR AES256",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit("ecr/repository:Repository", (r) => (r.encryptionConfigurations = [{ encryptionType: "AES256" }])),
    },
    {
        cls: "encryption",
        change: "MWAA another account's key",
        policy: "invariant-encryption-stack-key",
        apply: (p) => p.edit(MWAA, (m) => (m.kmsKey = OTHER_KEY)),
    },
    {
        cls: "encryption",
        change: "Redshift namespace AWS-owned key",
        policy: "invariant-encryption-stack-key",
        apply: (p) => p.edit("namespace:Namespace", (n) => delete n.kmsKeyId),
    },
    {
        cls: "encryption",
        change: "log group without the key",
        policy: "invariant-encryption-stack-key",
        apply: (p) => p.edit("logGroup:LogGroup", (l) => delete l.kmsKeyId, "task"),
    },
    {
        cls: "encryption",
        change: "data capture under another key",
        policy: "invariant-encryption-stack-key",
        apply: (p) => p.edit("EndpointConfiguration", (c) => ((c.dataCaptureConfig as Props).kmsKeyId = OTHER_KEY)),
    },
    {
        cls: "encryption",
        change: "Glue catalog under alias/aws/glue",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit(
                "DataCatalogEncryptionSettings",
                (g) =>
                    (((g.dataCatalogEncryptionSettings as Props).encryptionAtRest as Props).sseAwsKmsKeyId =
                        "alias/aws/glue"),
            ),
    },
    {
        cls: "encryption",
        change: "key policy kms:ViaService guard dropped",
        policy: "invariant-key-via-service",
        apply: (p) =>
            p.doc(
                KEY,
                "policy",
                (d) => delete ((d.Statement[1].Condition as Props).StringEquals as Props)["kms:ViaService"],
            ),
    },
    {
        cls: "encryption",
        change: "bucket TLS 1.2 floor dropped",
        policy: "invariant-bucket-tls-floor",
        apply: (p) => p.doc("BucketPolicy", "policy", (d) => d.Statement.splice(1, 1), "predictions"),
    },
    // Data or code leaving the stack or entering it from elsewhere.
    {
        cls: "references",
        change: "data capture to a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) =>
            p.edit(
                "EndpointConfiguration",
                (c) => ((c.dataCaptureConfig as Props).destinationS3Uri = "s3://exfil-bucket/capture"),
            ),
    },
    {
        cls: "references",
        change: "image from another account's ECR",
        policy: "invariant-workload-references-in-stack",
        apply: (p) =>
            p.edit(
                MODEL,
                (m) => (primary(m).image = `${OTHER}.dkr.ecr.us-east-1.amazonaws.com/models@sha256:${"0".repeat(64)}`),
                "primary",
            ),
    },
    {
        cls: "references",
        change: "image from Docker Hub",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MODEL, (m) => (primary(m).image = "docker.io/library/python:3.12"), "primary"),
    },
    {
        cls: "references",
        change: "model artifacts from a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MODEL, (m) => (primary(m).modelDataUrl = "s3://someone-else/model.tar.gz"), "challenger"),
    },
    {
        cls: "references",
        change: "MODEL_BUCKET names a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MODEL, (m) => (env(m).MODEL_BUCKET = "someone-else"), "primary"),
    },
    {
        cls: "references",
        change: "Feast registry in a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MODEL, (m) => (env(m).FEAST_REGISTRY = "s3://someone-else/registry.db"), "primary"),
    },
    {
        cls: "references",
        change: "online table not the stack's",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MODEL, (m) => (env(m).FEAST_ONLINE_TABLES = "other.table"), "primary"),
    },
    {
        cls: "references",
        change: "Glue table location in a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) =>
            p.edit(
                "catalogTable:CatalogTable",
                (t) => ((t.storageDescriptor as Props).location = "s3://someone-else/features/"),
            ),
    },
    {
        cls: "references",
        change: "MWAA DAGs from a foreign bucket",
        policy: "invariant-workload-references-in-stack",
        apply: (p) => p.edit(MWAA, (m) => (m.sourceBucketArn = "arn:aws:s3:::someone-elses-dags")),
    },
    {
        cls: "references",
        change: "MWAA writes raw data elsewhere",
        policy: "invariant-workload-references-in-stack",
        apply: (p) =>
            p.edit(MWAA, (m) => ((m.airflowConfigurationOptions as Props)["mlops.raw_bucket"] = "someone-else")),
    },
    // Detective controls.
    {
        cls: "detective",
        change: "flow log ACCEPT only",
        policy: "invariant-detective-controls-on",
        apply: (p) => p.edit("flowLog:FlowLog", (f) => (f.trafficType = "ACCEPT")),
    },
    {
        cls: "detective",
        change: "Redshift useractivitylog export dropped",
        policy: "invariant-detective-controls-on",
        apply: (p) => p.edit("namespace:Namespace", (n) => (n.logExports = ["userlog", "connectionlog"])),
    },
    {
        cls: "detective",
        change: "Redshift enable_user_activity_logging false",
        policy: "invariant-detective-controls-on",
        apply: (p) =>
            p.edit("workgroup:Workgroup", (w) => ((w.configParameters as Props[])[1].parameterValue = "false")),
    },
    {
        cls: "detective",
        change: "rollback alarm that does not exist",
        policy: "invariant-detective-controls-on",
        apply: (p) =>
            p.edit(
                "endpoint:Endpoint",
                (e) =>
                    (((e.deploymentConfig as Props).autoRollbackConfiguration as Props).alarms = [
                        { alarmName: "no-such-alarm" },
                    ]),
            ),
    },
    {
        cls: "detective",
        change: "DEBUG task logs",
        policy: "invariant-detective-controls-on",
        apply: (p) => p.edit(MWAA, (m) => (((m.loggingConfiguration as Props).taskLogs as Props).logLevel = "DEBUG")),
    },
    {
        cls: "detective",
        change: "webserver.expose_config",
        policy: "invariant-detective-controls-on",
        apply: (p) =>
            p.edit(MWAA, (m) => ((m.airflowConfigurationOptions as Props)["webserver.expose_config"] = "True")),
    },
    // Network.
    ...[["0.0.0.0/1", "128.0.0.0/1"], ["::/0"], ["2000::/3"], ["8.8.8.8/32"]].map((cidrs): Case => ({
        cls: "network",
        change: `ingress from ${cidrs.join(" + ")}`,
        policy: "security-group-no-public-ingress",
        apply: (p) =>
            p.edit(
                "securityGroup:SecurityGroup",
                (g) =>
                    (g.ingress = [
                        {
                            description: "x",
                            protocol: "tcp",
                            fromPort: 443,
                            toPort: 443,
                            [cidrs[0].includes(":") ? "ipv6CidrBlocks" : "cidrBlocks"]: cidrs,
                        },
                    ]),
                "serving",
            ),
    })),
    {
        cls: "network",
        change: "model in a public subnet",
        policy: "invariant-workload-private-placement",
        apply: (p) => p.edit(MODEL, (m) => ((m.vpcConfig as Props).subnets = ["subnet-8992c4a5cd02b7ace"]), "primary"),
    },
    {
        cls: "network",
        change: "Redshift in a public subnet",
        policy: "invariant-workload-private-placement",
        apply: (p) => p.edit("workgroup:Workgroup", (w) => ((w.subnetIds as string[])[0] = "subnet-eea8be24a85db4612")),
    },
    {
        cls: "network",
        change: "MWAA in the default security group",
        policy: "invariant-workload-private-placement",
        apply: (p) =>
            p.edit(MWAA, (m) => ((m.networkConfiguration as Props).securityGroupIds = ["sg-0123456789abcdef0"])),
    },
    // Plaintext credentials.
    {
        cls: "credentials",
        change: "AWS secret key in the container environment",
        policy: "invariant-no-plaintext-credentials",
        apply: (p) =>
            p.edit(
                MODEL,
                (m) => (env(m).AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                "primary",
            ),
    },
    {
        cls: "credentials",
        change: "access key id as a value",
        policy: "invariant-no-plaintext-credentials",
        apply: (p) => p.edit(MODEL, (m) => (env(m).UPSTREAM = "AKIAIOSFODNN7EXAMPLE"), "challenger"),
    },
    {
        cls: "credentials",
        change: "password in an Airflow connection URL",
        policy: "invariant-no-plaintext-credentials",
        apply: (p) =>
            p.edit(
                MWAA,
                (m) =>
                    ((m.airflowConfigurationOptions as Props)["mlops.warehouse_url"] =
                        "postgresql://admin:hunter2@db.example.com/prod"),
            ),
    },
];

const CONFIG = { environment: "prod" };

describe("insecure single changes to the prod plan (corpus)", function () {
    this.timeout(180_000);
    let base: PlannedResource[];
    before(() => {
        const run = runPlan("--stack", "prod", "--json");
        assert.strictEqual(run.code, 0, run.stderr);
        base = (JSON.parse(run.stdout) as PlanDocument).resources as PlannedResource[];
    });

    it("the unchanged prod plan reports no mandatory violation in-process", async () => {
        const found = await runPoliciesInProcess(base, CONFIG);
        assert.deepStrictEqual(
            found.filter((v) => v.enforcementLevel === "mandatory"),
            [],
        );
    });

    it(`the corpus has ${CASES.length} cases covering every class of issue 15`, () => {
        assert.ok(CASES.length >= 56, `${CASES.length} cases`);
        assert.deepStrictEqual([...new Set(CASES.map((c) => c.cls))].sort(), [
            "credentials",
            "detective",
            "encryption",
            "identity",
            "managed",
            "network",
            "principals",
            "references",
        ]);
    });

    for (const c of CASES) {
        it(`[${c.cls}] ${c.change} → ${c.policy} (mandatory)`, async () => {
            const plan = new Plan(base);
            c.apply(plan);
            const found = await runPoliciesInProcess(plan.resources, CONFIG);
            const hits = found.filter((v) => v.policy === c.policy && v.enforcementLevel === "mandatory");
            assert.ok(
                hits.length > 0,
                `${c.policy} did not report it; reported: ${JSON.stringify(found.map((v) => v.policy))}`,
            );
        });
    }
});

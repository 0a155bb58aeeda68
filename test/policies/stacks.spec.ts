/**
 * The pack against this repository's own stacks: dev and prod plan clean (prod without even an
 * advisory, as shipped and after the runbook), and insecure changes to the planned prod resources
 * (serving on) are caught by the expected rules.
 */
import * as assert from "assert";
import type { PlanDocument } from "../../tools/plan/plan";
import { PlannedResource } from "../../tools/plan/recorder";
import { runPolicyPack } from "../../tools/policy/policyRunner";
import { RecordedName, recordedPlan } from "../support/recordedPlans";

/** The shared recorded plan of a stack (test/support/recordedPlans.ts). */
function plan(stack: RecordedName): { code: number | null; doc: PlanDocument; stderr: string } {
    return recordedPlan(stack);
}

type Mutable = { -readonly [K in keyof PlannedResource]: PlannedResource[K] } & {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
};

/** A deep copy of the resources, and a helper that edits the first resource of a type (inputs and outputs alike). */
function editable(resources: readonly PlannedResource[]) {
    const copy = JSON.parse(JSON.stringify(resources)) as Mutable[];
    const edit = (type: string, change: (props: Record<string, unknown>, r: Mutable) => void, which = 0): Mutable => {
        const r = copy.filter((x) => x.type === type)[which];
        assert.ok(r, `the plan has a ${type}`);
        change(r.inputs, r);
        change(r.outputs, r);
        return r;
    };
    return { copy, edit };
}

describe("policies against the repository's stacks", function () {
    this.timeout(180_000);
    let dev: ReturnType<typeof plan>;
    let prod: ReturnType<typeof plan>;
    let prodServing: ReturnType<typeof plan>;
    before(() => {
        dev = plan("dev");
        prod = plan("prod");
        prodServing = plan("prodServing");
    });

    it("dev plans with no mandatory violation", () => {
        assert.strictEqual(dev.code, 0, dev.stderr);
        assert.deepStrictEqual(
            dev.doc.violations.filter((v) => v.enforcementLevel === "mandatory"),
            [],
        );
    });

    it("prod plans with no violation at all, advisories included", () => {
        assert.strictEqual(prod.code, 0, prod.stderr);
        assert.deepStrictEqual(prod.doc.violations, []);
    });

    it("prod after the runbook (images pinned, serving on) plans with no violation at all", () => {
        assert.strictEqual(prodServing.code, 0, prodServing.stderr);
        assert.deepStrictEqual(prodServing.doc.violations, []);
    });

    it("insecure changes to the prod resources are reported by the expected policies", async () => {
        const { copy, edit } = editable(prodServing.doc.resources);
        edit("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", (p) => (p.restrictPublicBuckets = false));
        edit("aws:s3/bucket:Bucket", (p) => (p.forceDestroy = true));
        edit("aws:dynamodb/table:Table", (p) => (p.pointInTimeRecovery = { enabled: false }));
        edit("aws:kms/key:Key", (p, r) => {
            p.enableKeyRotation = false;
            r.protect = false;
        });
        // The MWAA execution role's policy (the stack also holds the pipeline processing role's, issue 10).
        const mwaaPolicy = prodServing.doc.resources
            .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")
            .findIndex((r) => r.name.endsWith("-airflow-execution"));
        edit(
            "aws:iam/rolePolicy:RolePolicy",
            (p) => {
                const doc = JSON.parse(String(p.policy));
                doc.Statement.push({ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" });
                p.policy = JSON.stringify(doc);
            },
            mwaaPolicy,
        );
        edit(
            "aws:ec2/securityGroup:SecurityGroup",
            (p) =>
                (p.ingress = [
                    { description: "ssh", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
                ]),
        );
        edit("aws:mwaa/environment:Environment", (p) => (p.webserverAccessMode = "PUBLIC_ONLY"));
        edit("aws:ecr/repository:Repository", (p) => (p.imageTagMutability = "MUTABLE"));
        edit("aws:redshiftserverless/workgroup:Workgroup", (p) => (p.publiclyAccessible = true));
        edit("aws:sagemaker/endpointConfiguration:EndpointConfiguration", (p) => delete p.kmsKeyArn);

        const violations = await runPolicyPack(copy, {
            project: "mlops-platform",
            stack: "prod",
            environment: "prod",
            requiredTags: { team: "ml-platform" },
        });
        const mandatory = [
            ...new Set(violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy)),
        ].sort();
        assert.deepStrictEqual(
            mandatory,
            [
                "ecr-immutable-tags",
                "iam-kms-decrypt-scoped",
                "iam-no-privilege-escalation",
                "iam-no-wildcard-action",
                "iam-no-wildcard-resource",
                "iam-passrole-scoped",
                // The Admin statement also grants delete actions on data stores (issue 15 invariant).
                "invariant-identity-arns-in-stack",
                "kms-key-rotation",
                "mwaa-execution-role-least-privilege",
                "mwaa-private-webserver-in-prod",
                "prod-stateful-protected",
                "redshift-not-public",
                "s3-no-force-destroy-in-prod",
                "s3-public-access-block",
                "sagemaker-endpoint-config-kms",
                "security-group-no-public-ingress",
                "dynamodb-point-in-time-recovery",
            ].sort(),
        );
    });
});

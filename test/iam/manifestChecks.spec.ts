/**
 * The manifest checks catch what they exist for: a grant removed that a call needs, a grant added that no call
 * needs, a denial that becomes allowed; and the simulator workaround for colon-variable KMS keys is exact.
 */
import "./resourceTypeCache";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import * as assert from "assert";
import { recordedPlan } from "../support/recordedPlans";
import type { RenderedStatement } from "../support/helpers";
import { MANIFESTS } from "./manifests";
import { LOGS_ON_KEY } from "./manifests/stackKey";
import {
    allowedDenials,
    deniedCalls,
    recordedEnvironment,
    ManifestEnvironment,
    unneededGrants,
} from "./manifestChecks";
import type { PlannedRole } from "./plannedPolicies";
import { simulateRequest } from "./simulate";

const processing = MANIFESTS.find((m) => m.manifest.selector === "role:airflow-processing")!;

/** The prod environment with the processing role's statements rewritten by `edit`. */
function withProcessingStatements(
    env: ManifestEnvironment,
    edit: (statements: RenderedStatement[]) => RenderedStatement[],
): ManifestEnvironment {
    const roles = env.roles.map((role): PlannedRole => {
        if (!role.logicalName.endsWith("-airflow-processing")) return role;
        const [first, ...rest] = role.identityPolicies;
        const statements = edit([...first.policy.Statement]);
        return {
            ...role,
            identityPolicies: [{ ...first, policy: { ...first.policy, Statement: statements } }, ...rest],
        };
    });
    return { ...env, roles };
}

describe("manifest checks (prod plan)", function () {
    this.timeout(120_000);
    let env: ManifestEnvironment;
    before(() => {
        env = recordedEnvironment("prod", recordedPlan("prodServing"));
    });

    it("fail, naming principal, action, resource and manifest, when a grant a call needs is removed", async () => {
        const without = withProcessingStatements(env, (s) => s.filter((x) => x.Sid !== "FeastCheckRegistryBucket"));
        const failures = await deniedCalls(without, processing.manifest, processing.file);
        const registry = env.plan.resolve("arn:aws:s3:::{bucket:feature-registry}");
        assert.deepStrictEqual(failures, [
            "Pipeline processing role [test/iam/manifests/pipelineProcessingRole.ts]: " +
                `s3:ListBucket on ${registry} is ` +
                "ImplicitlyDenied (needed by feast-dev/feast@v0.66.0:sdk/python/feast/infra/registry/s3.py " +
                "S3RegistryStore.get_registry_proto (head_bucket, download); " +
                "https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html (needs s3:ListBucket))",
        ]);
    });

    it("fail when the feature repository grant is removed (both files fetch_feature_repo downloads)", async () => {
        const without = withProcessingStatements(env, (s) =>
            s.filter((x) => x.Sid !== "ProcessingReadFeatureRepository"),
        );
        const failures = await deniedCalls(without, processing.manifest, processing.file);
        const folder = env.plan.resolve("arn:aws:s3:::{bucket:feature-registry}/feature_repo/0123456789abcdef");
        assert.deepStrictEqual(
            failures.map((f) => f.split(" (needed by")[0]),
            ["feature_store.yaml", "features.py"].map(
                (file) =>
                    "Pipeline processing role [test/iam/manifests/pipelineProcessingRole.ts]: " +
                    `s3:GetObject on ${folder}/${file} is ImplicitlyDenied`,
            ),
        );
    });

    it("fail when a grant is added that no call needs", async () => {
        const raw = env.plan.resolve("arn:aws:s3:::{bucket:raw}");
        const extra: RenderedStatement = {
            Sid: "FeastDeleteAnything",
            Effect: "Allow",
            Action: "s3:DeleteObject",
            Resource: `${raw}/*`,
        };
        const failures = await unneededGrants(
            withProcessingStatements(env, (s) => [...s, extra]),
            "role:airflow-processing",
        );
        assert.deepStrictEqual(
            failures.filter((f) => f.includes("FeastDeleteAnything")),
            [
                "role:airflow-processing (mlops-prod-airflow-processing, rolePolicy mlops-prod-airflow-processing): " +
                    "FeastDeleteAnything grants action s3:DeleteObject, which no call in " +
                    "test/iam/manifests/pipelineProcessingRole.ts needs",
                "role:airflow-processing (mlops-prod-airflow-processing, rolePolicy mlops-prod-airflow-processing): " +
                    `FeastDeleteAnything grants resource ${raw}/*, which no call in ` +
                    "test/iam/manifests/pipelineProcessingRole.ts needs",
            ],
        );
    });

    it("fail when a grant is widened past its calls (a needed grant, caught by the deny list)", async () => {
        const offline = env.plan.resolve("arn:aws:s3:::{bucket:offline-store}");
        const widen = (s: RenderedStatement[]) =>
            s.map((x) => (x.Sid === "FeastCleanOfflineStaging" ? { ...x, Resource: `${offline}/*` } : x));
        const widened = withProcessingStatements(env, widen);
        assert.deepStrictEqual(await unneededGrants(widened, "role:airflow-processing"), []);
        const failures = await allowedDenials(widened, processing.manifest, processing.file);
        assert.deepStrictEqual(failures, [
            "Pipeline processing role [test/iam/manifests/pipelineProcessingRole.ts]: s3:DeleteObject on " +
                `${offline}/customer_rfm_features/part-0.parquet is Allowed, must not be (only staging/ is deleted)`,
        ]);
    });

    it("fail when a denied call becomes allowed", async () => {
        const broad: RenderedStatement = { Sid: "Broad", Effect: "Allow", Action: "dynamodb:*", Resource: "*" };
        const failures = await allowedDenials(
            withProcessingStatements(env, (s) => [...s, broad]),
            processing.manifest,
            processing.file,
        );
        assert.deepStrictEqual(
            failures.map((f) => f.split(" is Allowed")[0].split(": ")[1]),
            [
                `dynamodb:DeleteTable on ${env.plan.resolve("{table:customer_rfm_features}")}`,
                `dynamodb:Scan on ${env.plan.resolve("{table:customer_rfm_features}")}`,
                `dynamodb:BatchWriteItem on arn:aws:dynamodb:us-east-1:123456789012:table/other_project.orders`,
                `dynamodb:TagResource on ${env.plan.resolve("{table:customer_rfm_features}")}`,
            ],
        );
    });

    describe("kms:EncryptionContext:<key> (a colon-variable condition key)", () => {
        const group = "arn:aws:logs:us-east-1:123456789012:log-group:airflow-mlops-prod-airflow-Task";
        const request = (context: Record<string, string>) => ({
            principal: "logs.us-east-1.amazonaws.com",
            action: "kms:GenerateDataKey",
            resource: env.plan.resolve("{key}"),
            resourceAccount: env.plan.account,
            identityPolicies: [],
            resourcePolicy: env.resourcePolicies.of(env.plan.resolve("{key}")),
            context,
        });

        it("is dropped by iam-simulate itself, so the documented log-group statement never matches", async () => {
            const r = request({ "kms:EncryptionContext:aws:logs:arn": group });
            const result = await runSimulation(
                {
                    request: {
                        principal: r.principal,
                        action: r.action,
                        resource: { resource: r.resource, accountId: r.resourceAccount },
                        contextVariables: r.context,
                    },
                    identityPolicies: [],
                    serviceControlPolicies: [],
                    resourceControlPolicies: [],
                    resourcePolicy: r.resourcePolicy,
                },
                {},
            );
            assert.strictEqual(result.resultType, "single");
            if (result.resultType !== "single") return;
            assert.deepStrictEqual(result.result.ignoredContextKeys, ["kms:EncryptionContext:aws:logs:arn"]);
            assert.strictEqual(result.overallResult, "ImplicitlyDenied");
        });

        it("is evaluated by the workaround: own log groups Allowed, another account's and none denied", async () => {
            const ours = await simulateRequest(request({ "kms:EncryptionContext:aws:logs:arn": group }));
            assert.deepStrictEqual(ours, { decision: "Allowed", ignoredContextKeys: [] });
            const theirs = "arn:aws:logs:us-east-1:999999999999:log-group:x";
            const other = await simulateRequest(request({ "kms:EncryptionContext:aws:logs:arn": theirs }));
            assert.strictEqual(other.decision, "ImplicitlyDenied");
            assert.strictEqual((await simulateRequest(request({}))).decision, "ImplicitlyDenied");
        });

        it("and the CloudWatch Logs manifest relies on it", async () => {
            assert.ok(LOGS_ON_KEY.calls.every((c) => c.context?.["kms:EncryptionContext:aws:logs:arn"] !== undefined));
            assert.deepStrictEqual(await deniedCalls(env, LOGS_ON_KEY, "stackKey.ts"), []);
        });
    });
});

/**
 * CiDeployRole through the stack config (`mlops-platform:ci`): a GitHub OIDC provider and one role
 * per GitHub environment, trusted only with aud = sts.amazonaws.com and a sub pinned to the
 * repository and environment; permissions scoped by prefix or tag; the whole pack passes it, and
 * the web-identity rule catches a wildcard or missing sub.
 */
import * as assert from "assert";
import * as path from "path";
import { ConfigError } from "../../components/core/configErrors";
import { MlopsPlatform } from "../../components/platform/mlopsPlatform";
import { parsePlatformConfig, readPlatformConfig } from "../../components/platform/platformConfig";
import { iamWebIdentityTrust } from "../../policies/rules/iam";
import { PlannedResource, ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { loadStack } from "../../tools/plan/stackFiles";
import { runPolicyPack } from "../../tools/policy/policyRunner";
import { checkResource } from "../policies/harness";
import { SERVERLESS_NETWORK } from "../support/platformConfigFixtures";

const projectDir = path.resolve(__dirname, "..", "..", "..");
const CI = { enabled: true, repository: "acme/ml-platform", githubEnvironments: ["dev", "dev-preview"] };
const PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

function trust(sub?: unknown, aud = true): string {
    const StringEquals: Record<string, unknown> = {};
    if (aud) StringEquals["token.actions.githubusercontent.com:aud"] = "sts.amazonaws.com";
    if (sub !== undefined) StringEquals["token.actions.githubusercontent.com:sub"] = sub;
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER_ARN },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals },
            },
        ],
    });
}

describe("CiDeployRole (mlops-platform:ci)", () => {
    let rec: ResourceRecorder;
    let stackConfig: Record<string, string>;
    let roles: PlannedResource[];
    before(async () => {
        const files = loadStack(projectDir, { stack: "dev" });
        stackConfig = { ...files.config, "mlops-platform:ci": JSON.stringify(CI) };
        rec = startMockRun({ project: files.project, stack: files.stack, config: stackConfig });
        new MlopsPlatform("mlops-dev", readPlatformConfig(stackConfig));
        await settle();
        roles = rec.ofType("aws:iam/role:Role").filter((r) => r.name.startsWith("mlops-dev-ci-"));
    });

    it("creates GitHub's OIDC provider for the sts.amazonaws.com audience", () => {
        const providers = rec.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        assert.strictEqual(providers.length, 1);
        assert.strictEqual(providers[0].inputs.url, "https://token.actions.githubusercontent.com");
        assert.deepStrictEqual(providers[0].inputs.clientIdLists, ["sts.amazonaws.com"]);
    });

    it("creates one role per GitHub environment, its sub pinned to repo:<owner>/<repo>:environment:<env>", () => {
        assert.deepStrictEqual(roles.map((r) => r.name).sort(), ["mlops-dev-ci-dev", "mlops-dev-ci-dev-preview"]);
        const providerArn = rec.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")[0].outputs.arn;
        for (const role of roles) {
            const env = role.name.replace("mlops-dev-ci-", "");
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy as string).Statement, [
                {
                    Effect: "Allow",
                    Sid: "GitHubActionsOfOneRepositoryEnvironment",
                    Principal: { Federated: providerArn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                            "token.actions.githubusercontent.com:sub": `repo:acme/ml-platform:environment:${env}`,
                        },
                    },
                },
            ]);
        }
    });

    it("grants only the stack's services, on '*' only the actions without a resource type", () => {
        const doc = JSON.parse((roles[0].inputs.inlinePolicies as { policy: string }[])[0].policy);
        const services = new Set<string>();
        for (const s of doc.Statement) {
            for (const a of [s.Action].flat() as string[]) services.add(a.split(":")[0]);
            if (s.Resource === "*")
                assert.ok(["KmsCreateTaggedKey", "ReadOnlyWithoutResourceTypes"].includes(s.Sid), s.Sid);
        }
        assert.deepStrictEqual([...services].sort(), [
            "airflow",
            "cloudwatch",
            "dynamodb",
            "ec2",
            "ecr",
            "glue",
            "iam",
            "kms",
            "logs",
            "redshift-serverless",
            "s3",
            "sagemaker",
            "sts",
        ]);
        const s3 = doc.Statement.find((s: { Sid: string }) => s.Sid === "S3StackBuckets");
        assert.deepStrictEqual(s3.Resource, [
            "arn:aws:s3:::mlops-dev*",
            "arn:aws:s3:::customer_segmentation*",
            "arn:aws:s3:::customer-segmentation*",
            "arn:aws:s3:::mlops-dev*/*",
            "arn:aws:s3:::customer_segmentation*/*",
            "arn:aws:s3:::customer-segmentation*/*",
        ]);
        const kms = doc.Statement.find((s: { Sid: string }) => s.Sid === "KmsTaggedKeys");
        assert.deepStrictEqual(kms.Condition, { StringEquals: { "aws:ResourceTag/environment": "dev" } });
    });

    it("passes the whole policy pack (no violation on the provider or the roles)", async function () {
        this.timeout(120000);
        const violations = await runPolicyPack(rec.resources, {
            project: "mlops-platform",
            stack: "dev",
            environment: "dev",
            stackConfig,
        });
        const ciUrns = new Set(rec.resources.filter((r) => r.name.startsWith("mlops-dev-ci")).map((r) => r.urn));
        assert.deepStrictEqual(
            violations.filter((v) => ciUrns.has(v.urn)),
            [],
        );
    });

    it("brings an existing provider by ARN instead of creating one", async () => {
        const r = startMockRun({ config: stackConfig });
        new MlopsPlatform(
            "mlops-dev",
            readPlatformConfig({
                ...stackConfig,
                "mlops-platform:ci": JSON.stringify({ ...CI, oidcProviderArn: PROVIDER_ARN }),
            }),
        );
        await settle();
        assert.strictEqual(r.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 0);
        const role = r.ofType("aws:iam/role:Role").find((x) => x.name === "mlops-dev-ci-dev")!;
        assert.strictEqual(
            JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal.Federated,
            PROVIDER_ARN,
        );
    });
});

describe("policy iam-web-identity-trust", () => {
    const role = (assumeRolePolicy: string) => ({
        type: "aws:iam/role:Role",
        name: "deploy",
        props: { assumeRolePolicy },
    });

    it("passes a sub pinned to one repository environment", async () => {
        assert.deepStrictEqual(
            await checkResource(iamWebIdentityTrust, role(trust("repo:acme/ml-platform:environment:prod"))),
            [],
        );
    });

    it("refuses a trust without a sub condition", async () => {
        const messages = await checkResource(iamWebIdentityTrust, role(trust()));
        assert.deepStrictEqual(messages.length, 1);
        assert.match(messages[0], /without a ":sub" condition/);
    });

    for (const sub of ["repo:acme/*", "repo:*/ml-platform:environment:prod", "repo:acme/*:environment:prod", "*"]) {
        it(`refuses the wildcard subject ${sub}`, async () => {
            const messages = await checkResource(iamWebIdentityTrust, role(trust(sub)));
            assert.deepStrictEqual(messages, [
                `role "deploy" assumeRolePolicy statement 1 allows subject "${sub}": name one repository ` +
                    `(repo:<owner>/<repo>:…), no wildcards.`,
            ]);
        });
    }

    it("refuses a trust without an aud condition", async () => {
        const messages = await checkResource(
            iamWebIdentityTrust,
            role(trust("repo:acme/ml-platform:environment:prod", false)),
        );
        assert.deepStrictEqual(messages, [
            'role "deploy" assumeRolePolicy statement 1 trusts a web identity without an ":aud" condition.',
        ]);
    });
});

describe("config: mlops-platform:ci", () => {
    const base = () => ({
        environment: "dev",
        network: SERVERLESS_NETWORK,
        featureStore: {
            project: "customer_segmentation",
            featureViews: [{ name: "v", entity: "customer", joinKey: "customerid", features: { recency: "int32" } }],
        },
    });
    function problems(ci: unknown): string[] {
        try {
            parsePlatformConfig({ ...base(), ci });
        } catch (err) {
            assert.ok(err instanceof ConfigError, String(err));
            return [...err.problems];
        }
        return [];
    }

    it("accepts no ci section and a disabled one", () => {
        assert.deepStrictEqual(problems(undefined), []);
        assert.deepStrictEqual(problems({ enabled: false }), []);
    });

    it("names each bad key", () => {
        assert.match(
            problems({ enabled: true }).join("\n"),
            /mlops-platform:ci\.repository: is required when ci\.enabled is true/,
        );
        assert.match(
            problems({ enabled: true, repository: "acme/*" }).join("\n"),
            /mlops-platform:ci\.repository: must be owner\/name/,
        );
        assert.match(
            problems({ enabled: true, repository: "acme/x", githubEnvironments: ["prod*"] }).join("\n"),
            /mlops-platform:ci\.githubEnvironments\[0\]: must be a GitHub environment name/,
        );
        assert.match(
            problems({ enabled: true, repository: "acme/x", oidcProviderArn: "arn:aws:iam::1:oidc-provider/x" }).join(
                "\n",
            ),
            /mlops-platform:ci\.oidcProviderArn: must be the ARN/,
        );
        assert.match(problems({ enabled: true, repository: "acme/x", role: "x" }).join("\n"), /mlops-platform:ci/);
    });
});

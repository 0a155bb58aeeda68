/**
 * AWS limits on the final names and tags the platform produces (components/platform/limits/naming.ts):
 * the predicted names are the ones the plan really registers, and a stack name or tag set past a
 * limit is refused before anything is registered, naming the stack name or the key.
 */
import * as assert from "assert";
import { ConfigError } from "../../components/core/configErrors";
import {
    AUTO_NAME_SUFFIX_LENGTH,
    BUCKET_SUFFIXES,
    platformContainerEnvironment,
    platformLimitProblems,
    ROLE_SUFFIXES,
} from "../../components/platform/limits";
import { MlopsPlatform } from "../../components/platform/mlopsPlatform";
import type { PlanDocument } from "../../tools/plan/plan";
import { startMockRun } from "../../tools/plan/recorder";
import { recordedPlan } from "../support/recordedPlans";
import { SERVERLESS_NETWORK } from "../support/platformConfigFixtures";

/** The whole message when the platform's variables push a container environment past SageMaker's size. */
const ENVIRONMENT_OVER_LIMIT = new RegExp(
    /^mlops-platform:serving\.variants\[0\]\.environment: with the platform's variables the container /.source +
        /environment would be \d+ bytes; SageMaker allows 32768$/.source,
);

describe("AWS limits on the platform's final names and tags", function () {
    this.timeout(120_000);

    it("predicts exactly the bucket and role names the prod plan registers", () => {
        const doc: PlanDocument = recordedPlan("prodServing").doc;
        const names = (type: string) =>
            doc.resources
                .filter((r) => r.type === type)
                .map((r) => String(r.outputs.bucket ?? r.outputs.name).slice(0, -AUTO_NAME_SUFFIX_LENGTH))
                .sort();
        assert.deepStrictEqual(names("aws:s3/bucket:Bucket"), BUCKET_SUFFIXES.map((s) => `mlops-prod-${s}`).sort());
        assert.deepStrictEqual(names("aws:iam/role:Role"), ROLE_SUFFIXES.map((s) => `mlops-prod-${s}`).sort());
    });

    it("the repository's root names pass", () => {
        assert.deepStrictEqual(platformLimitProblems("mlops-prod", {}), []);
        assert.deepStrictEqual(platformLimitProblems("mlops-dev", {}), []);
    });

    it("a stack name that makes a bucket name exceed 63 characters is refused, naming the bucket", () => {
        const root = `mlops-${"a".repeat(35)}`; // mlops-aaa…-feature-registry-xxxxxxx = 66
        const problems = platformLimitProblems(root, {});
        assert.ok(
            problems.includes(
                `stack name (root name "${root}"): bucket ${root}-feature-registry-xxxxxxx would be 66 ` +
                    `characters; S3 allows 63 (shorten the stack name by 3)`,
            ),
            problems.join("\n"),
        );
    });

    it("an upper-case stack name is refused for buckets", () => {
        assert.ok(
            platformLimitProblems("mlops-Prod", {}).includes(
                `stack name (root name "mlops-Prod"): bucket mlops-Prod-raw must be lowercase letters, ` +
                    `digits, '.' and '-' (S3 bucket naming rules)`,
            ),
        );
    });

    it("a stack name that makes an IAM role name exceed 64 characters is refused", () => {
        const root = `mlops-${"b".repeat(33)}`; // + -airflow-execution (18) + 8 = 65
        assert.ok(
            platformLimitProblems(root, {}).includes(
                `stack name (root name "${root}"): IAM role ${root}-airflow-execution-xxxxxxx would be 65 ` +
                    `characters; IAM allows 64`,
            ),
        );
    });

    it("mlops-platform:tags past 45 user tags (50 minus the platform's 5) is refused", () => {
        const tags = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`t${i}`, "v"]));
        assert.deepStrictEqual(platformLimitProblems("mlops-prod", { tags }), [
            "mlops-platform:tags: 46 tags plus up to 5 the platform adds exceed AWS's 50 tags per resource",
        ]);
        delete tags.t45;
        assert.deepStrictEqual(platformLimitProblems("mlops-prod", { tags }), []);
    });

    it("a tag value with characters AWS refuses names the key", () => {
        assert.deepStrictEqual(platformLimitProblems("mlops-prod", { tags: { owner: "a;b" } }), [
            "mlops-platform:tags.owner: value may only use letters, digits, spaces and + - = . _ : / @ (AWS tag rules)",
        ]);
    });

    const featureStore = (views: number, nameLength = 20) => ({
        project: "customer_segmentation",
        featureViews: Array.from({ length: views }, (_, i) => ({
            name: `v${String(i).padStart(nameLength - 1, "0")}`,
            entity: "customer",
            joinKey: "customerid",
            features: { r: "int32" as const },
        })),
    });
    const serving = (environment: Record<string, string> = {}) => ({
        endpointName: "customer-segmentation",
        image: { digest: `sha256:${"0".repeat(64)}` },
        variants: [{ name: "primary", environment }],
    });

    it("predicts the serving container's platform variables as the prod plan sets them", () => {
        const doc: PlanDocument = recordedPlan("prodServing").doc;
        const model = doc.resources.find((r) => r.type === "aws:sagemaker/model:Model")!;
        const planned = (model.inputs.primaryContainer as { environment: Record<string, string> }).environment;
        const predicted = platformContainerEnvironment("mlops-prod", {
            featureStore: featureStore(1) as never,
            serving: serving() as never,
        });
        assert.deepStrictEqual(
            Object.fromEntries(Object.entries(predicted).map(([k, v]) => [k, v.length])),
            Object.fromEntries(
                Object.entries(planned).map(([k, v]) => [
                    k,
                    k === "FEAST_ONLINE_TABLES" ? predicted.FEAST_ONLINE_TABLES.length : v.length,
                ]),
            ),
        );
    });

    it("FEAST_ONLINE_TABLES past 1024 bytes (it grows with the feature views) names featureStore.featureViews", () => {
        // 24 views × ("customer_segmentation." 22 + 20) + 23 commas = 1031 bytes
        const problems = platformLimitProblems("mlops-prod", {
            featureStore: featureStore(24) as never,
            serving: serving() as never,
        });
        assert.deepStrictEqual(problems, [
            "mlops-platform:featureStore.featureViews: the serving container's FEAST_ONLINE_TABLES would " +
                "be 1031 bytes; SageMaker allows 1024 per value",
        ]);
        assert.deepStrictEqual(
            platformLimitProblems("mlops-prod", {
                featureStore: featureStore(23) as never,
                serving: serving() as never,
            }),
            [],
        );
    });

    it("a variant environment that with the platform's variables passes 32 KB names the variant's key", () => {
        const environment = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`V${i}`, "x".repeat(1000)]));
        const [problem] = platformLimitProblems("mlops-prod", {
            featureStore: featureStore(1) as never,
            serving: serving(environment) as never,
        });
        assert.match(problem, ENVIRONMENT_OVER_LIMIT);
    });

    it(
        "100 variables per container count the platform's 5 and the 3 lineage (MODEL_*) variables: 92 own " +
            "pass, 93 fail",
        () => {
            const own = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`V${i}`, "x"]));
            const fs = featureStore(1) as never;
            // The schema alone accepts 93 (at most 100 per variant); with the 5 FEAST_*/MODEL_* and 3 lineage
            // ones: 101.
            assert.deepStrictEqual(
                platformLimitProblems("mlops-prod", { featureStore: fs, serving: serving(own(92)) as never }),
                [],
            );
            assert.deepStrictEqual(
                platformLimitProblems("mlops-prod", { featureStore: fs, serving: serving(own(93)) as never }),
                [
                    "mlops-platform:serving.variants[0].environment: with the shared and lineage (MODEL_*) " +
                        "variables the container would have 101 environment variables; SageMaker allows 100",
                ],
            );
        },
    );

    it("MlopsPlatform refuses before registering anything", () => {
        const rec = startMockRun({ stack: "dev" });
        assert.throws(
            () =>
                new MlopsPlatform(`mlops-${"c".repeat(40)}`, {
                    environment: "dev",
                    network: SERVERLESS_NETWORK,
                    featureStore: {
                        project: "customer_segmentation",
                        featureViews: [
                            { name: "fv", entity: "customer", joinKey: "customerid", features: { r: "int32" } },
                        ],
                    },
                } as never),
            (err: unknown) => err instanceof ConfigError && /S3 allows 63/.test(err.message),
        );
        assert.strictEqual(rec.resources.length, 0);
    });
});

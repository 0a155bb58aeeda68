import * as assert from "assert";
import { rfmFeatureStore, SERVERLESS_NETWORK } from "../support/platformConfigFixtures";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { projectDir, ENV, SG } from "../support/orchestrationFixtures";

describe("Orchestration", () => {
    describe("wired into MlopsPlatform", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "dev" });
            const cwd = process.cwd();
            process.chdir(projectDir);
            try {
                const { MlopsPlatform } = await import("../../components/platform/mlopsPlatform");
                new MlopsPlatform("mlops-dev", {
                    environment: "dev",
                    network: SERVERLESS_NETWORK,
                    featureStore: rfmFeatureStore(),
                    orchestration: { environmentClass: "mw1.small", maxWorkers: 2 },
                });
            } finally {
                process.chdir(cwd);
            }
            await settle();
        });

        it("puts Redshift and MWAA in the network's private subnets", () => {
            const vpc = rec.ofType("awsx:ec2:Vpc")[0];
            const subnets = vpc.outputs.privateSubnetIds as string[];
            const env = rec.ofType(ENV)[0];
            assert.deepStrictEqual(
                (env.inputs.networkConfiguration as { subnetIds: string[] }).subnetIds,
                subnets.slice(0, 2),
            );
            assert.strictEqual(
                rec.ofType(SG).find((s) => s.name.endsWith("-airflow"))!.inputs.vpcId,
                vpc.outputs.vpcId,
            );
            const workgroup = rec.ofType("aws:redshiftserverless/workgroup:Workgroup")[0];
            assert.deepStrictEqual(workgroup.inputs.subnetIds, subnets);
        });

        it("registers the network before the feature store", () => {
            const order = rec.resources.map((r) => r.type);
            assert.ok(
                order.indexOf("mlops-platform:index:Network") < order.indexOf("mlops-platform:index:FeatureStore"),
            );
        });

        it("scopes the processing role to the data lake and feature store of the same stack", () => {
            const policy = JSON.parse(
                rec.ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.name.endsWith("-airflow-processing"))!.inputs
                    .policy as string,
            );
            const byName = (n: string) =>
                rec.ofType("aws:s3/bucket:Bucket").find((b) => b.name === n)!.outputs.arn as string;
            const resources = (sid: string) =>
                [policy.Statement.find((s: { Sid: string }) => s.Sid === sid).Resource].flat();
            assert.deepStrictEqual(resources("FeatureEngineeringReadRawData"), [`${byName("mlops-dev-raw")}/*`]);
            assert.deepStrictEqual(resources("ModelPredictionWritePredictions"), [
                `${byName("mlops-dev-predictions")}/*`,
            ]);
            assert.deepStrictEqual(
                resources("FeastMaterializeOnlineStore"),
                rec.ofType("aws:dynamodb/table:Table").map((t) => t.outputs.arn),
            );
            assert.deepStrictEqual(resources("FeastQueryOfflineStoreViaDataApi"), [
                rec.ofType("aws:redshiftserverless/workgroup:Workgroup")[0].outputs.arn,
            ]);
        });
    });
});

/**
 * The mlops-platform stack program: validate the `mlops-platform:*` config, build the platform,
 * export what operators and other stacks need.
 */
import * as pulumi from "@pulumi/pulumi";
import { MlopsPlatform, platformOutputs } from "./components";
import { readPlatformConfig } from "./components/platform/platformConfig";

const config = readPlatformConfig(pulumi.runtime.allConfig());
const mlops = new MlopsPlatform(`mlops-${pulumi.getStack()}`, config);

/** Environment this stack was planned for. */
export const environment = config.environment;
/** KMS key ARN protecting all data. */
export const kmsKeyArn = mlops.kmsKeyArn;
/** Data lake bucket names by purpose. */
export const bucketNames = mlops.bucketNames;
/** Glue database of the Feast offline store. */
export const glueDatabase = mlops.glueDatabase;
/** DynamoDB online-store table names by feature view. */
export const onlineTableNames = mlops.onlineTableNames;
/** Redshift endpoint (`host:port`). */
export const redshiftEndpoint = mlops.redshiftEndpoint;
/** Role Redshift assumes for Spectrum and COPY/UNLOAD. */
export const redshiftRoleArn = mlops.redshiftRoleArn;
/** Feast `feature_store.yaml` for this stack. */
export const featureStoreYaml = mlops.featureStoreYaml;
/** VPC the private workloads run in. */
export const vpcId = mlops.vpcId;
/** Private subnets of that VPC. */
export const privateSubnetIds = mlops.privateSubnetIds;
/** Airflow UI hostname (a VPC endpoint when webserverAccessMode is PRIVATE_ONLY). */
export const airflowWebserverUrl = mlops.airflowWebserverUrl;
/** MWAA environment ARN. */
export const airflowEnvironmentArn = mlops.airflowEnvironmentArn;
/** Role the DAGs run as. */
export const airflowExecutionRoleArn = mlops.airflowExecutionRoleArn;
/** Bucket holding `dags/`, `requirements.txt` (and plugins / startup script). */
export const airflowDagBucket = mlops.airflowDagBucket;
/** Pipeline image repository URL: `docker push <url>:<tag>` of `pipelines/`, then pin `pipelines.image`. */
export const pipelineRepositoryUrl = mlops.pipelineRepositoryUrl;
/** Serving image repository URL: `docker push <url>:<tag>` (exists even while serving is disabled). */
export const modelRepositoryUrl = mlops.modelRepositoryUrl;
/** SageMaker endpoint name (clients call InvokeEndpoint with it). */
export const servingEndpointName = mlops.servingEndpointName;
/** SageMaker endpoint ARN. */
export const servingEndpointArn = mlops.servingEndpointArn;
/** Execution role of the endpoint. */
export const servingRoleArn = mlops.servingRoleArn;
/**
 * The endpoint as deployed by this stack; `pulumi stack output --json | npm run verify -- --outputs -` checks it live.
 */
export const servingExpected = mlops.servingExpected;
/**
 * GitHub Actions deploy role ARN per GitHub environment (`mlops-platform:ci`); the deploy workflow's `role-to-assume`.
 */
export const ciRoleArns = mlops.ciRoleArns;
/** The platform-to-team contract (PlatformOutputs v1): team programs read it with `PlatformReference`. */
export const platform = platformOutputs({
    environment: config.environment,
    kmsKeyArn: mlops.kmsKeyArn,
    bucketNames: mlops.bucketNames,
    glueDatabase: mlops.glueDatabase,
    onlineTableNames: mlops.onlineTableNames,
    vpcId: mlops.vpcId,
    privateSubnetIds: mlops.privateSubnetIds,
    featureStoreYaml: mlops.featureStoreYaml,
});
/** Model Monitor schedule of the endpoint (serving.monitoring.engine model-monitor). */
export const monitoringScheduleName = mlops.monitoringScheduleName;
/** Where the baselining step writes statistics.json and constraints.json (docs/monitoring.md). */
export const monitoringBaselineUri = mlops.monitoringBaselineUri;

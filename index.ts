/**
 * The mlops-platform stack program: validate the `mlops-platform:*` config, build the platform,
 * export what operators and other stacks need.
 */
import * as pulumi from "@pulumi/pulumi";
import { MlopsPlatform, readPlatformConfig } from "./components";

const config = readPlatformConfig(pulumi.runtime.allConfig());
const platform = new MlopsPlatform(`mlops-${pulumi.getStack()}`, config);

/** Environment this stack was planned for. */
export const environment = config.environment;
/** KMS key ARN protecting all data. */
export const kmsKeyArn = platform.kmsKeyArn;
/** Data lake bucket names by purpose. */
export const bucketNames = platform.bucketNames;
/** Glue database of the Feast offline store. */
export const glueDatabase = platform.glueDatabase;
/** DynamoDB online-store table names by feature view. */
export const onlineTableNames = platform.onlineTableNames;
/** Redshift endpoint (`host:port`). */
export const redshiftEndpoint = platform.redshiftEndpoint;
/** Role Redshift assumes for Spectrum and COPY/UNLOAD. */
export const redshiftRoleArn = platform.redshiftRoleArn;
/** Feast `feature_store.yaml` for this stack. */
export const featureStoreYaml = platform.featureStoreYaml;
/** VPC the private workloads run in. */
export const vpcId = platform.vpcId;
/** Private subnets of that VPC. */
export const privateSubnetIds = platform.privateSubnetIds;
/** Airflow UI hostname (a VPC endpoint when webserverAccessMode is PRIVATE_ONLY). */
export const airflowWebserverUrl = platform.airflowWebserverUrl;
/** MWAA environment ARN. */
export const airflowEnvironmentArn = platform.airflowEnvironmentArn;
/** Role the DAGs run as. */
export const airflowExecutionRoleArn = platform.airflowExecutionRoleArn;
/** Bucket holding `dags/`, `requirements.txt` (and plugins / startup script). */
export const airflowDagBucket = platform.airflowDagBucket;
/** Serving image repository URL: `docker push <url>:<tag>` (exists even while serving is disabled). */
export const modelRepositoryUrl = platform.modelRepositoryUrl;
/** SageMaker endpoint name (clients call InvokeEndpoint with it). */
export const servingEndpointName = platform.servingEndpointName;
/** SageMaker endpoint ARN. */
export const servingEndpointArn = platform.servingEndpointArn;
/** Execution role of the endpoint. */
export const servingRoleArn = platform.servingRoleArn;
/** The endpoint as deployed by this stack; `pulumi stack output --json | npm run verify -- --outputs -` checks it live. */
export const servingExpected = platform.servingExpected;
/** Model Monitor schedule of the endpoint (serving.monitoring.engine model-monitor). */
export const monitoringScheduleName = platform.monitoringScheduleName;
/** Where the baselining step writes statistics.json and constraints.json (docs/monitoring.md). */
export const monitoringBaselineUri = platform.monitoringBaselineUri;

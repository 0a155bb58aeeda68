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
export const bucketNames = platform.dataLake.bucketNames;
/** Glue database of the Feast offline store. */
export const glueDatabase = platform.featureStore.databaseName;
/** DynamoDB online-store table names by feature view. */
export const onlineTableNames = platform.featureStore.onlineTableNames;
/** Redshift endpoint (`host:port`). */
export const redshiftEndpoint = platform.featureStore.redshiftEndpoint;
/** Role Redshift assumes for Spectrum and COPY/UNLOAD. */
export const redshiftRoleArn = platform.featureStore.redshiftRoleArn;
/** Feast `feature_store.yaml` for this stack. */
export const featureStoreYaml = platform.featureStore.featureStoreYaml;
/** VPC the private workloads run in. */
export const vpcId = platform.network.vpcId;
/** Private subnets of that VPC. */
export const privateSubnetIds = platform.network.privateSubnetIds;
/** Airflow UI hostname (a VPC endpoint when webserverAccessMode is PRIVATE_ONLY). */
export const airflowWebserverUrl = platform.orchestration?.webserverUrl;
/** MWAA environment ARN. */
export const airflowEnvironmentArn = platform.orchestration?.environmentArn;
/** Role the DAGs run as. */
export const airflowExecutionRoleArn = platform.orchestration?.executionRoleArn;
/** Bucket holding `dags/`, `requirements.txt` (and plugins / startup script). */
export const airflowDagBucket = platform.orchestration?.dagBucketName;
/** Serving image repository URL: `docker push <url>:<tag>` (exists even while serving is disabled). */
export const modelRepositoryUrl = platform.modelRegistry?.repositoryUrl;
/** SageMaker endpoint name (clients call InvokeEndpoint with it). */
export const servingEndpointName = platform.modelEndpoint?.endpointName;
/** SageMaker endpoint ARN. */
export const servingEndpointArn = platform.modelEndpoint?.endpointArn;
/** Execution role of the endpoint. */
export const servingRoleArn = platform.modelEndpoint?.roleArn;
/** The endpoint as deployed by this stack; `pulumi stack output --json | npm run verify -- --outputs -` checks it live. */
export const servingExpected = platform.modelEndpoint?.expected;

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

/**
 * Public API of mlops-platform (its semver surface, see CHANGELOG.md): the components, their args
 * and the types their inputs and outputs use — nothing else. Helpers, settings schemas and
 * defaults stay internal. To add a component: export its class, its args interface and any type
 * its args or outputs name, in one block below (test/package/publicApi.spec.ts lists the surface).
 */

// Shared input types.
export { Environment } from "./core/environment";
export { ConfigError } from "./core/configErrors";

// Storage.
export { EncryptionKey } from "./storage/encryptionKey";
export type { EncryptionKeyArgs } from "./storage/encryptionKey";
export { SecureBucket } from "./storage/secureBucket";
export type { SecureBucketArgs } from "./storage/secureBucket";
export { DataLake } from "./storage/dataLake";
export type { DataLakeArgs, BucketRef } from "./storage/dataLake";
export type { DataLakeSettings } from "./storage/dataLakeSettings";

// Network.
export { Network } from "./network/network";
export type { NetworkArgs } from "./network/network";
export { NatGateways } from "./network/networkSettings";
export type { NetworkSettings } from "./network/networkSettings";

// Feature store.
export { FeatureStore } from "./featureStore/featureStore";
export type { FeatureStoreArgs } from "./featureStore/featureStore";
export { FeatureType, JoinKeyType } from "./featureStore/featureViewSettings";
export type { FeatureViewArgs } from "./featureStore/featureViewSettings";
export { OfflineStoreEngine, RedshiftNodeType, OnlineBillingMode } from "./featureStore/featureStoreSettings";
export type { OfflineStoreArgs, OnlineStoreArgs, FeatureStoreSettings } from "./featureStore/featureStoreSettings";

// Orchestration.
export { Orchestration } from "./orchestration/orchestration";
export type { OrchestrationArgs } from "./orchestration/orchestration";
export type { OrchestrationPipelineArgs } from "./orchestration/executionRole";
export {
    MwaaEnvironmentClass,
    WebserverAccessMode,
    AirflowLogLevel,
    AirflowVersion,
} from "./orchestration/orchestrationSettings";
export type { OrchestrationSettings } from "./orchestration/orchestrationSettings";

// Serving.
export { ModelRegistry } from "./serving/modelRegistry";
export type { ModelRegistryArgs } from "./serving/modelRegistry";
export type { RegistrySettings } from "./serving/registrySettings";
export { ModelEndpoint } from "./serving/modelEndpoint";
export type { ModelEndpointArgs } from "./serving/modelEndpoint";
export { DeploymentStrategy } from "./serving/endpointArgs";
export type {
    VariantAutoscalingArgs,
    VariantServerlessArgs,
    ModelEndpointVariantArgs,
    ModelEndpointDataCaptureArgs,
    ModelEndpointDeploymentArgs,
    ModelEndpointAlarmArgs,
    ModelImageArgs,
    EndpointSettings,
} from "./serving/endpointArgs";
export type { ExpectedEndpoint } from "./serving/servingSpec";
export { ModelMonitor } from "./serving/monitoring/modelMonitor";
export type { ModelMonitorArgs } from "./serving/monitoring/modelMonitor";
export { MonitoringEngine, MonitoringFrequency } from "./serving/monitoring/monitoringSettings";
export type { MonitoringArgs } from "./serving/monitoring/monitoringSettings";

// CI.
export { CiDeployRole } from "./ci/ciDeployRole";
export type { CiDeployRoleArgs } from "./ci/ciDeployRole";
export type { CiSettings } from "./ci/ciSettings";

// The platform.
export { MlopsPlatform } from "./platform/mlopsPlatform";

export type {
    MlopsPlatformArgs,
    PlatformEncryptionArgs,
    PlatformOrchestrationArgs,
    PlatformServingArgs,
} from "./platform/mlopsPlatform";

// The platform-to-team contract.
export { PLATFORM_OUTPUTS_VERSION, PlatformReference, platformOutputs } from "./platform/platformOutputs";
export type { PlatformOutputs } from "./platform/platformOutputs";

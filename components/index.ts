/** Public API of mlops-platform: the components and the config contract. */
export * from "./config";
export { stackTags } from "./context";
export * from "./iam";
export * from "./encryptionKey";
export * from "./secureBucket";
export * from "./dataLake";
export * from "./featureStore";
export * from "./network";
export * from "./orchestration";
export * from "./modelRegistry";
export * from "./modelEndpoint";
export * from "./servingSpec";
export * from "./mlopsPlatform";

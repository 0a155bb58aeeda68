/**
 * SageMaker rules: the serving Model(s), EndpointConfiguration and Endpoint.
 */
import { aws } from "../lib/awsResources";
import { PolicyResource, ResourceValidationArgs, validateResourceOfType } from "@pulumi/policy";
import { BUCKET_TYPES } from "./s3";
import { MlopsPolicy, framework } from "../lib/metadata";
import { ENVIRONMENT_CONFIG, environmentOf } from "../lib/environment";
import { instanceStoreType } from "../lib/instanceStorage";
import { isObject, known, objects, present } from "../lib/resources";
import { sagemakerProdMonitoring } from "./sagemakerMonitoring";
import { sagemakerModePolicies } from "./sagemakerModes";

const ENDPOINT_CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
const MODEL = "aws:sagemaker/model:Model";

/**
 * EndpointConfiguration encrypts the ML storage volume with a KMS key, except where SageMaker refuses one:
 * a variant on an instance type with local NVMe storage (hardware-encrypted; CreateEndpointConfig fails with
 * a KmsKeyId then). Exactly those configurations are exempt, and they may not carry a key either.
 */
export const sagemakerEndpointConfigKms: MlopsPolicy = {
    name: "sagemaker-endpoint-config-kms",
    description:
        "SageMaker endpoint configurations encrypt instance storage with a KMS key (kmsKeyArn), unless a variant " +
        "runs on local-NVMe (instance store) storage, where SageMaker refuses the key.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set kmsKeyArn on the EndpointConfiguration to the stack's key; leave it unset only when a variant uses " +
        "an instance type with local NVMe storage (e.g. ml.g5, ml.g4dn, ml.m5d).",
    ...framework({ service: "SageMaker", rule: "EndpointConfiguration has kmsKeyArn", sources: ["CKV_AWS_98"] }),
    validateResource: validateResourceOfType(aws.sagemaker.EndpointConfiguration, (config, args, report) => {
        // Shadow variants are production variants of the configuration too (their own instances).
        const local = [...objects(config.productionVariants), ...objects(config.shadowProductionVariants)]
            .map((v) => v.instanceType)
            .filter(instanceStoreType);
        const hasKey = present(() => config.kmsKeyArn);
        if (local.length === 0 && !hasKey)
            report(`endpoint configuration "${args.name}" has no kmsKeyArn; set it to the stack's KMS key.`);
        if (local.length > 0 && hasKey)
            report(
                `endpoint configuration "${args.name}" sets kmsKeyArn with ${local.join(", ")} (local NVMe storage): ` +
                    "SageMaker refuses the key for those types; leave kmsKeyArn unset.",
            );
    }),
};

/** Prod: at least two instances per instance-based variant, so one AZ failure does not stop serving. */
export const sagemakerProdInstanceCount: MlopsPolicy = {
    name: "sagemaker-prod-instance-count",
    description: "In prod, every instance-based SageMaker production variant starts with at least 2 instances.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set initialInstanceCount >= 2 on every instance-based variant in prod (SageMaker spreads them across AZs).",
    configSchema: ENVIRONMENT_CONFIG,
    ...framework({
        service: "SageMaker",
        rule: "prod: every instance-based variant has initial instance count ≥ 2",
        sources: ["SageMaker.4"],
    }),
    validateResource: validateResourceOfType(aws.sagemaker.EndpointConfiguration, (config, args, report) => {
        if (environmentOf(args) !== "prod") return;
        for (const v of objects(config.productionVariants)) {
            if (v.serverlessConfig !== undefined) continue;
            const count = typeof v.initialInstanceCount === "number" ? v.initialInstanceCount : 0;
            if (count < 2)
                report(
                    `endpoint configuration "${args.name}": variant "${String(v.variantName)}" starts ` +
                        `${count} instance${count === 1 ? "" : "s"} in prod; set initialInstanceCount to at ` +
                        `least 2.`,
                );
        }
    }),
};

/** Model network isolation or VPC config (advisory: the container reads features from DynamoDB). */
export const sagemakerModelNetwork: MlopsPolicy = {
    name: "sagemaker-model-network",
    description: "SageMaker models run with network isolation or inside the stack's VPC.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set vpcConfig { subnets: <private subnets>, securityGroupIds } (the container reaches DynamoDB " +
        "through a VPC endpoint), or enableNetworkIsolation: true when it needs no network.",
    ...framework({
        service: "SageMaker",
        rule: "Model network isolation or VPC config",
        sources: ["CKV_AWS_370", "SageMaker.5"],
    }),
    validateResource: validateResourceOfType(aws.sagemaker.Model, (model, args, report) => {
        if (model.enableNetworkIsolation !== true && !isObject(model.vpcConfig)) {
            report(
                `model "${args.name}" has neither vpcConfig nor enableNetworkIsolation; run it in the ` +
                    `private subnets with vpcConfig.`,
            );
        }
    }),
};

/** Bucket names of the stack, for matching `s3://` URIs. */
function stackBuckets(resources: readonly PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => BUCKET_TYPES.includes(r.type));
}

function captureInStackBucket(config: PolicyResource, buckets: PolicyResource[], uri: unknown): boolean {
    if (typeof uri === "string") {
        const name = /^s3:\/\/([^/]+)/.exec(uri)?.[1];
        return name !== undefined && buckets.some((b) => known(() => b.props.bucket) === name);
    }
    // Unknown during preview: fall back to the dependencies the engine recorded.
    const deps = config.propertyDependencies.dataCaptureConfig ?? [];
    return deps.some((d) => BUCKET_TYPES.includes(d.type));
}

/** Prod: data capture on, into the stack's capture bucket, encrypted with the stack's key. */
export const sagemakerProdDataCapture: MlopsPolicy = {
    name: "sagemaker-prod-data-capture",
    description:
        "In prod, SageMaker endpoints capture inference data into a bucket of this stack, encrypted with a KMS key.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set dataCaptureConfig { enableCapture: true, destinationS3Uri: s3://<stack capture bucket>/..., " +
        "kmsKeyId: <stack key>, captureOptions: Input+Output } on the EndpointConfiguration.",
    configSchema: ENVIRONMENT_CONFIG,
    ...framework({
        service: "SageMaker",
        rule: "prod: data capture enabled, destination in the stack's capture bucket, KMS key set",
        sources: ["ML"],
    }),
    validateStack: (args, report) => {
        if (environmentOf(args) !== "prod") return;
        const buckets = stackBuckets(args.resources);
        for (const config of args.resources.filter((r) => r.type === ENDPOINT_CONFIG)) {
            const variants = objects(config.props.productionVariants);
            // AWS has no capture for serverless
            if (variants.length > 0 && variants.every((v) => v.serverlessConfig !== undefined)) continue;
            const capture = config.props.dataCaptureConfig;
            if (!isObject(capture) || capture.enableCapture === false) {
                report(
                    `endpoint configuration "${config.name}" has no data capture in prod; set ` +
                        `dataCaptureConfig with enableCapture true.`,
                    config.urn,
                );
                continue;
            }
            const uri = known(() => capture.destinationS3Uri);
            if (!captureInStackBucket(config, buckets, uri)) {
                report(
                    `endpoint configuration "${config.name}" captures to ${JSON.stringify(uri)}, which is ` +
                        `not a bucket of this stack; use the stack's capture bucket.`,
                    config.urn,
                );
            }
            if (!present(() => capture.kmsKeyId))
                report(
                    `endpoint configuration "${config.name}": data capture has no kmsKeyId; set it to the stack's key.`,
                    config.urn,
                );
        }
    },
};

/** Whether a `name` input was set by the program rather than by the provider's auto-naming. */
function fixedName(name: unknown, args: ResourceValidationArgs): boolean {
    if (typeof name !== "string") return false;
    // The engine analyzes inputs after the provider's Check, which auto-names as `<logical>-<7 chars>`.
    const escaped = args.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return !new RegExp(`^${escaped}-[0-9a-z]{7}$`).test(name);
}

/** Model and EndpointConfiguration are auto-named so create-before-delete replacement never collides. */
export const sagemakerNoFixedNames: MlopsPolicy = {
    name: "sagemaker-no-fixed-names",
    description:
        "SageMaker Models and EndpointConfigurations have no fixed name, so a replacement can be created " +
        "before the old one is deleted.",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove `name` from the Model/EndpointConfiguration (Pulumi auto-names it) or use namePrefix.",
    ...framework({
        service: "SageMaker",
        rule: "EndpointConfiguration and Model have no fixed name (replacement must not collide)",
        sources: ["ML"],
    }),
    validateResource: [
        validateResourceOfType(aws.sagemaker.Model, (model, args, report) => {
            if (fixedName(model.name, args))
                report(
                    `model "${args.name}" has the fixed name "${model.name}"; remove name so replacements ` +
                        `get a fresh one.`,
                );
        }),
        validateResourceOfType(aws.sagemaker.EndpointConfiguration, (config, args, report) => {
            if (fixedName(config.name, args))
                report(
                    `endpoint configuration "${args.name}" has the fixed name "${config.name}"; remove ` +
                        `name so replacements get a fresh one.`,
                );
        }),
    ],
};

/** Variant weights positive, variant names unique. */
export const sagemakerVariants: MlopsPolicy = {
    name: "sagemaker-variants-valid",
    description: "SageMaker production variants have positive weights and unique names.",
    enforcementLevel: "mandatory",
    remediationSteps: "Give every variant a distinct variantName and an initialVariantWeight greater than 0.",
    ...framework({ service: "SageMaker", rule: "variant weights positive, variant names unique", sources: ["ML"] }),
    validateResource: validateResourceOfType(aws.sagemaker.EndpointConfiguration, (config, args, report) => {
        const seen = new Set<string>();
        for (const v of objects(config.productionVariants)) {
            const name = String(v.variantName);
            if (seen.has(name))
                report(
                    `endpoint configuration "${args.name}": variant name "${name}" is used twice; variant ` +
                        `names must be unique.`,
                );
            seen.add(name);
            const weight = v.initialVariantWeight ?? 1; // AWS's default
            if (typeof weight !== "number" || !(weight > 0))
                report(
                    `endpoint configuration "${args.name}": variant "${name}" has weight ` +
                        `${JSON.stringify(weight)}; weights must be greater than 0.`,
                );
        }
    }),
};

/** Prod: Endpoint updates are blue/green (or rolling) with auto-rollback alarms. */
export const sagemakerProdDeploymentConfig: MlopsPolicy = {
    name: "sagemaker-prod-deployment-config",
    description: "In prod, SageMaker endpoints update through a deployment config with auto-rollback alarms.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set deploymentConfig { blueGreenUpdatePolicy (canary/linear traffic shifting) or " +
        "rollingUpdatePolicy, autoRollbackConfiguration { alarms: [...] } } on the Endpoint.",
    configSchema: ENVIRONMENT_CONFIG,
    ...framework({
        service: "SageMaker",
        rule: "prod: Endpoint has a deployment config with auto-rollback alarms",
        sources: ["ML"],
    }),
    validateResource: validateResourceOfType(aws.sagemaker.Endpoint, (endpoint, args, report) => {
        if (environmentOf(args) !== "prod") return;
        const deployment = endpoint.deploymentConfig;
        if (!isObject(deployment)) {
            report(
                `endpoint "${args.name}" has no deploymentConfig in prod; add a blue/green update policy ` +
                    `with auto-rollback alarms.`,
            );
            return;
        }
        if (!isObject(deployment.blueGreenUpdatePolicy) && !isObject(deployment.rollingUpdatePolicy)) {
            report(`endpoint "${args.name}": deploymentConfig has no blueGreenUpdatePolicy or rollingUpdatePolicy.`);
        }
        if (objects(deployment.autoRollbackConfiguration?.alarms).length === 0) {
            report(
                `endpoint "${args.name}": deploymentConfig has no autoRollbackConfiguration alarms; add ` +
                    `the endpoint's error/latency alarms.`,
            );
        }
    }),
};

function containerImages(model: { primaryContainer?: unknown; containers?: unknown }): string[] {
    return [...objects(model.primaryContainer), ...objects(model.containers)]
        .map((c) => c.image)
        .filter((i): i is string => typeof i === "string");
}

/** Prod images are pinned by digest, so a re-pushed tag cannot change what is served. */
export const sagemakerImageDigestInProd: MlopsPolicy = {
    name: "sagemaker-image-digest-in-prod",
    description: "In prod, SageMaker model images are pinned by digest (image@sha256:...) rather than by a tag.",
    enforcementLevel: "advisory",
    remediationSteps: 'Set serving.image { digest: "sha256:..." } in the prod stack config.',
    configSchema: ENVIRONMENT_CONFIG,
    ...framework({ service: "SageMaker", rule: "image pinned by digest in prod (not a mutable tag)", sources: ["ML"] }),
    validateResource: validateResourceOfType(aws.sagemaker.Model, (model, args, report) => {
        if (environmentOf(args) !== "prod") return;
        for (const image of containerImages(model)) {
            if (!/@sha256:[0-9a-f]{64}$/.test(image))
                report(`model "${args.name}" uses image "${image}" in prod; pin it by digest (…@sha256:<digest>).`);
        }
    }),
};

/** Serverless variants: no data capture, no VPC, single variant (AWS rejects these combinations). */
export const sagemakerServerlessConstraints: MlopsPolicy = {
    name: "sagemaker-serverless-constraints",
    description:
        "Serverless SageMaker variants have no data capture, no VPC-configured model and are the only variant.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "For serverless: one variant, no dataCaptureConfig, and a Model without vpcConfig; otherwise use " +
        "instance-based variants.",
    ...framework({
        service: "SageMaker",
        rule: "serverless variants have no data capture / VPC / multiple variants (unsupported by AWS)",
        sources: ["ML"],
    }),
    validateStack: (args, report) => {
        const models = args.resources.filter((r) => r.type === MODEL);
        for (const config of args.resources.filter((r) => r.type === ENDPOINT_CONFIG)) {
            const variants = objects(config.props.productionVariants);
            const serverless = variants.filter((v) => v.serverlessConfig !== undefined);
            if (serverless.length === 0) continue;
            if (variants.length > 1)
                report(
                    `endpoint configuration "${config.name}" mixes a serverless variant with ` +
                        `${variants.length - 1} other variant(s); serverless endpoints take one variant.`,
                    config.urn,
                );
            const capture = config.props.dataCaptureConfig;
            if (isObject(capture) && capture.enableCapture !== false)
                report(
                    `endpoint configuration "${config.name}" enables data capture on a serverless variant; ` +
                        `AWS does not support it, remove dataCaptureConfig.`,
                    config.urn,
                );
            const variantDeps = config.propertyDependencies.productionVariants ?? [];
            for (const v of serverless) {
                const modelName = known(() => v.modelName);
                const model = models.find(
                    (m) =>
                        (typeof modelName === "string" && known(() => m.props.name) === modelName) ||
                        variantDeps.some((d) => d.urn === m.urn && serverless.length === variants.length),
                );
                if (model !== undefined && isObject(model.props.vpcConfig)) {
                    report(
                        `model "${model.name}" serves serverless variant "${String(v.variantName)}" but ` +
                            `has vpcConfig; serverless endpoints cannot run in a VPC.`,
                        model.urn,
                    );
                }
            }
        }
    },
};

/** All SageMaker policies. */
export const sagemakerPolicies: MlopsPolicy[] = [
    sagemakerEndpointConfigKms,
    sagemakerProdInstanceCount,
    sagemakerModelNetwork,
    sagemakerProdDataCapture,
    sagemakerNoFixedNames,
    sagemakerVariants,
    sagemakerProdDeploymentConfig,
    sagemakerImageDigestInProd,
    sagemakerServerlessConstraints,
    sagemakerProdMonitoring,
    ...sagemakerModePolicies,
];

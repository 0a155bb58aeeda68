/**
 * SageMaker serving-mode rules: what AWS excludes for shadow variants, rolling updates and
 * asynchronous inference, and where an asynchronous endpoint may write. An independent witness of
 * the component's config rules (components/serving/servingModes.ts): it reads the planned resources.
 */
import { aws } from "../lib/awsResources";
import { PolicyResource, validateResourceOfType } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { isObject, known, objects, present } from "../lib/resources";
import { BUCKET_TYPES } from "./s3";

const ENDPOINT_CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
const ENDPOINT = "aws:sagemaker/endpoint:Endpoint";
const INF1 = /^ml\.inf1\./;

const isInf1 = (v: Record<string, unknown>) => typeof v.instanceType === "string" && INF1.test(v.instanceType);

/**
 * Shadow variants: one production and one shadow variant
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html), and none of the
 * shadow-test exclusions: serverless, asynchronous, Inf1
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-exclusions.html).
 */
export const sagemakerShadowVariants: MlopsPolicy = {
    name: "sagemaker-shadow-variants",
    description:
        "SageMaker endpoint configurations with a shadow variant have one production and one shadow variant, " +
        "neither serverless nor Inf1, and no asynchronous inference.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Keep one production variant and one shadow variant (serving.shadowVariants), both instance-based on a " +
        "non-Inf1 type, and drop asyncInferenceConfig; or remove the shadow variant.",
    ...framework({
        service: "SageMaker",
        rule: "shadow variant: 1 production + 1 shadow, AWS exclusions",
        sources: ["ML"],
    }),
    validateResource: validateResourceOfType(aws.sagemaker.EndpointConfiguration, (config, args, report) => {
        const shadows = objects(config.shadowProductionVariants);
        if (shadows.length === 0) return;
        const production = objects(config.productionVariants);
        const name = `endpoint configuration "${args.name}"`;
        if (production.length !== 1 || shadows.length !== 1)
            report(
                `${name} has ${production.length} production and ${shadows.length} shadow variant(s); ` +
                    "SageMaker takes one of each.",
            );
        for (const v of [...production, ...shadows]) {
            if (v.serverlessConfig !== undefined)
                report(`${name}: variant "${String(v.variantName)}" is serverless; shadow tests exclude serverless.`);
            if (isInf1(v))
                report(
                    `${name}: variant "${String(v.variantName)}" runs on Inf1; shadow tests exclude Inf1 instances.`,
                );
        }
        if (isObject(config.asyncInferenceConfig))
            report(`${name} is asynchronous; shadow tests exclude asynchronous inference.`);
    }),
};

/** The endpoint configuration an Endpoint deploys (by name, or by the recorded dependency during preview). */
function configOf(endpoint: PolicyResource, resources: readonly PolicyResource[]): PolicyResource | undefined {
    return resources.find(
        (c) =>
            c.type === ENDPOINT_CONFIG &&
            (known(() => c.props.name) === known(() => endpoint.props.endpointConfigName) ||
                (endpoint.propertyDependencies.endpointConfigName ?? []).some((d) => d.urn === c.urn)),
    );
}

/**
 * Rolling updates: one policy (blue/green or rolling), batches of 5-50% of the instances, and none
 * of AWS's rolling exclusions: serverless, multi-variant, Inf1 (on which guardrails fall back to
 * all-at-once, https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html).
 */
export const sagemakerRollingUpdate: MlopsPolicy = {
    name: "sagemaker-rolling-update",
    description:
        "SageMaker endpoints updated by a rolling policy serve one instance-based, non-Inf1 variant, " +
        "in batches of 5-50% of its instances, and have no blue/green policy besides.",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Use deployment.strategy "rolling" only for a single instance-based variant on a non-Inf1 type, with ' +
        'batchPercent 5-50; otherwise use a blue/green strategy ("canary", "linear", "all-at-once").',
    ...framework({ service: "SageMaker", rule: "rolling update: single variant, no serverless/Inf1", sources: ["ML"] }),
    validateStack: (args, report) => {
        for (const endpoint of args.resources.filter((r) => r.type === ENDPOINT)) {
            const deployment = endpoint.props.deploymentConfig;
            if (!isObject(deployment) || !isObject(deployment.rollingUpdatePolicy)) continue;
            const name = `endpoint "${endpoint.name}"`;
            if (isObject(deployment.blueGreenUpdatePolicy))
                report(`${name} sets both blueGreenUpdatePolicy and rollingUpdatePolicy; choose one.`, endpoint.urn);
            const batch = deployment.rollingUpdatePolicy.maximumBatchSize;
            if (isObject(batch) && batch.type === "CAPACITY_PERCENT") {
                const value = Number(batch.value);
                if (!(value >= 5 && value <= 50))
                    report(`${name}: rolling batch of ${value}% is outside 5-50% of the instances.`, endpoint.urn);
            }
            const config = configOf(endpoint, args.resources);
            if (config === undefined) continue;
            const variants = objects(config.props.productionVariants);
            if (variants.length > 1)
                report(
                    `${name} rolls ${variants.length} variants; rolling updates exclude multi-variant endpoints.`,
                    endpoint.urn,
                );
            for (const v of variants) {
                if (v.serverlessConfig !== undefined)
                    report(
                        `${name}: variant "${String(v.variantName)}" is serverless; rolling updates exclude it.`,
                        endpoint.urn,
                    );
                if (isInf1(v))
                    report(
                        `${name}: variant "${String(v.variantName)}" runs on Inf1, ` +
                            "where guardrails fall back to all-at-once.",
                        endpoint.urn,
                    );
            }
        }
    },
};

/** Whether an `s3://` URI names a bucket of the stack (during preview: a recorded dependency on one). */
function inStackBucket(config: PolicyResource, resources: readonly PolicyResource[], uri: unknown): boolean {
    const buckets = resources.filter((r) => BUCKET_TYPES.includes(r.type));
    if (typeof uri === "string") {
        const bucket = /^s3:\/\/([^/]+)/.exec(uri)?.[1];
        return bucket !== undefined && buckets.some((b) => known(() => b.props.bucket) === bucket);
    }
    return (config.propertyDependencies.asyncInferenceConfig ?? []).some((d) => BUCKET_TYPES.includes(d.type));
}

/**
 * Asynchronous endpoints write responses and failures into a bucket of this stack, encrypted with a
 * KMS key (AsyncInferenceOutputConfig.KmsKeyId), and run on instances.
 */
export const sagemakerAsyncOutput: MlopsPolicy = {
    name: "sagemaker-async-output",
    description:
        "Asynchronous SageMaker endpoints write responses and failures to a bucket of this stack with a KMS key, " +
        "on instance-based variants.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set asyncInferenceConfig.outputConfig { s3OutputPath and s3FailurePath in the stack's predictions bucket, " +
        "kmsKeyId: <stack key> } (serving.asyncInference does), and use instance-based variants.",
    ...framework({ service: "SageMaker", rule: "async output in the stack's bucket, KMS, instances", sources: ["ML"] }),
    validateStack: (args, report) => {
        for (const config of args.resources.filter((r) => r.type === ENDPOINT_CONFIG)) {
            const asyncConfig = config.props.asyncInferenceConfig;
            if (!isObject(asyncConfig)) continue;
            const output = isObject(asyncConfig.outputConfig) ? asyncConfig.outputConfig : {};
            const name = `endpoint configuration "${config.name}"`;
            for (const key of ["s3OutputPath", "s3FailurePath"] as const) {
                const uri = known(() => output[key]);
                if (!present(() => output[key]) || !inStackBucket(config, args.resources, uri))
                    report(
                        `${name}: asynchronous ${key} ${JSON.stringify(uri)} is not in a bucket of this stack.`,
                        config.urn,
                    );
            }
            if (!present(() => output.kmsKeyId))
                report(`${name}: asynchronous output has no kmsKeyId; set it to the stack's key.`, config.urn);
            for (const v of objects(config.props.productionVariants))
                if (v.serverlessConfig !== undefined)
                    report(
                        `${name}: variant "${String(v.variantName)}" is serverless in an asynchronous endpoint.`,
                        config.urn,
                    );
        }
    },
};

/** The serving-mode policies. */
export const sagemakerModePolicies: MlopsPolicy[] = [
    sagemakerShadowVariants,
    sagemakerRollingUpdate,
    sagemakerAsyncOutput,
];

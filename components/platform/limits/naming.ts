/**
 * AWS limits checked on the FINAL names and tag sets the platform produces — after it prefixes
 * the root name (`mlops-<stack>`), its component suffixes and Pulumi's auto-name suffix — so a
 * long stack name fails at preview with the offending name, not at deploy with an AWS error.
 * Section-local limits live in each section's schema; these span the stack name and sections.
 */
import { containerEnvironmentCountProblems } from "../../serving/containerEnvironment";
import { lineageEnvironment, modelLineage } from "../../serving/lineage";
import { FEAST_REGISTRY_KEY } from "../../featureStore/featureStoreSettings";
import { expectedLineage, SERVING_DEFAULTS } from "../../serving/servingSpec";
import { redshiftIdentifierProblems, redshiftName } from "../../featureStore/redshiftRules";
import { mwaaEnvironmentNameProblem } from "../../orchestration/orchestrationSettings";
import { PlatformConfig } from "../platformConfig";

/**
 * Pulumi auto-naming appends `-` and 7 random hex characters to the logical name
 * (observed on every auto-named resource of the plan, e.g. `mlops-prod-raw-28c47cb`).
 */
export const AUTO_NAME_SUFFIX_LENGTH = 8;

/** Logical names of the auto-named buckets, after the root name. */
export const BUCKET_SUFFIXES = [
    "access-logs",
    "raw",
    "offline-store",
    "feature-registry",
    "model-registry",
    "predictions",
    "data-capture",
    "airflow-dags",
] as const;

/** Logical names of the auto-named IAM roles, after the root name. */
export const ROLE_SUFFIXES = [
    "airflow-execution",
    "airflow-processing",
    "network-flow-logs",
    "features-redshift",
    "serving",
    "serving-monitor",
] as const;

/**
 * S3 general purpose bucket names: "between 3 (min) and 63 (max) characters long", "only of
 * lowercase letters, numbers, periods (.), and hyphens (-)", "begin and end with a letter or number"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
const BUCKET_NAME = { max: 63, pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/ };

/**
 * IAM role names: "Minimum length of 1. Maximum length of 64. Pattern: [\w+=,.@-]+"
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyRole.html).
 */
const ROLE_NAME = { max: 64, pattern: /^[\w+=,.@-]+$/ };

/**
 * Tags: "Maximum number of tags per resource – 50"; generally allowed characters "letters,
 * numbers, spaces representable in UTF-8, and the following characters: + - = . _ : / @"
 * (https://docs.aws.amazon.com/batch/latest/userguide/tag-restrictions.html, the shared AWS tag rules).
 */
const MAX_TAGS = 50;
const TAG_VALUE = /^[\p{L}\p{N}\s+\-=._:/@]*$/u;

/**
 * Tags the platform adds to a resource on top of the configured ones, at most: `environment`,
 * `managed-by`, plus on the VPC's subnets `tier` and awsx's `Name` and `SubnetType`.
 */
export const PLATFORM_TAGS_PER_RESOURCE = 5;

/**
 * SageMaker container environment: "The maximum length of each key and value in the Environment map
 * is 1024 bytes. The maximum length of all keys and values in the map, combined, is 32 KB"
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html; word for
 * word in `ContainerDefinition.Environment` of @aws-sdk/client-sagemaker 3.1142, a devDependency:
 * dist-types/models/models_1.d.ts).
 */
const CONTAINER_ENV = { value: 1024, total: 32 * 1024 };

/**
 * The environment the platform adds to a serving container (mlopsPlatform.ts), with the final names:
 * the shared variables plus the lineage of variant `variantIndex` (serving/lineage.ts).
 */
export function platformContainerEnvironment(
    rootName: string,
    config: Pick<PlatformConfig, "featureStore" | "serving">,
    variantIndex = 0,
): Record<string, string> {
    const variant = config.serving?.variants[variantIndex];
    const lineage =
        config.serving !== undefined && variant !== undefined
            ? lineageEnvironment(modelLineage(config.serving.image, variant.name, variant.modelDataKey))
            : {};
    const bucket = (suffix: string) => `${rootName}-${suffix}-${"x".repeat(AUTO_NAME_SUFFIX_LENGTH - 1)}`;
    const project = config.featureStore.project;
    return {
        FEAST_PROJECT: project,
        FEAST_REGISTRY: `s3://${bucket("feature-registry")}/${FEAST_REGISTRY_KEY}`,
        FEAST_ONLINE_TABLES: config.featureStore.featureViews.map((v) => `${project}.${v.name}`).join(","),
        MODEL_BUCKET: bucket("model-registry"),
        MODEL_PREFIX: SERVING_DEFAULTS.modelArtifactPrefix(config.serving?.endpointName ?? ""),
        ...lineage,
    };
}

function containerProblems(rootName: string, config: Pick<PlatformConfig, "featureStore" | "serving">): string[] {
    if (config.serving === undefined || config.serving.enabled === false) return [];
    const problems: string[] = [];
    const platform = platformContainerEnvironment(rootName, config);
    const bytes = (s: string) => Buffer.byteLength(s, "utf8");
    if (bytes(platform.FEAST_ONLINE_TABLES) > CONTAINER_ENV.value)
        problems.push(
            `mlops-platform:featureStore.featureViews: the serving container's FEAST_ONLINE_TABLES would ` +
                `be ${bytes(platform.FEAST_ONLINE_TABLES)} bytes; SageMaker allows ${CONTAINER_ENV.value} per ` +
                `value`,
        );
    // Count: the platform's variables plus each variant's own and its lineage, against SageMaker's 100.
    const lineage = expectedLineage(config.serving);
    problems.push(
        ...containerEnvironmentCountProblems("mlops-platform:serving.", platform, config.serving.variants, lineage),
        ...containerEnvironmentCountProblems(
            "mlops-platform:serving.",
            platform,
            config.serving.shadowVariants ?? [],
            lineage,
            "shadowVariants",
        ),
    );
    (config.serving.variants ?? []).forEach((v, i) => {
        const all = { ...platformContainerEnvironment(rootName, config, i), ...(v.environment ?? {}) };
        const total = Object.entries(all).reduce((n, [k, val]) => n + bytes(k) + bytes(val), 0);
        if (total > CONTAINER_ENV.total)
            problems.push(
                `mlops-platform:serving.variants[${i}].environment: with the platform's variables the ` +
                    `container environment would be ${total} bytes; SageMaker allows ${CONTAINER_ENV.total}`,
            );
    });
    return problems;
}

/** Problems of the names, tags and container environments the platform would produce for root name `rootName`. */
export function nameLimitProblems(
    rootName: string,
    config: Pick<PlatformConfig, "tags"> & Partial<Pick<PlatformConfig, "featureStore" | "serving" | "orchestration">>,
): string[] {
    const problems: string[] = [];
    const stackKey = `stack name (root name "${rootName}")`;
    for (const suffix of BUCKET_SUFFIXES) {
        const name = `${rootName}-${suffix}`;
        const length = name.length + AUTO_NAME_SUFFIX_LENGTH;
        if (length > BUCKET_NAME.max)
            problems.push(
                `${stackKey}: bucket ${name}-xxxxxxx would be ${length} characters; S3 allows ` +
                    `${BUCKET_NAME.max} (shorten the stack name by ${length - BUCKET_NAME.max})`,
            );
        if (!BUCKET_NAME.pattern.test(name))
            problems.push(
                `${stackKey}: bucket ${name} must be lowercase letters, digits, '.' and '-' (S3 bucket naming rules)`,
            );
    }
    for (const suffix of ROLE_SUFFIXES) {
        const name = `${rootName}-${suffix}`;
        const length = name.length + AUTO_NAME_SUFFIX_LENGTH;
        if (length > ROLE_NAME.max)
            problems.push(
                `${stackKey}: IAM role ${name}-xxxxxxx would be ${length} characters; IAM allows ${ROLE_NAME.max}`,
            );
        else if (!ROLE_NAME.pattern.test(name))
            problems.push(`${stackKey}: IAM role ${name} may only use letters, digits and _+=,.@-`);
    }
    const tags = config.tags ?? {};
    const count = Object.keys(tags).length + PLATFORM_TAGS_PER_RESOURCE;
    if (count > MAX_TAGS)
        problems.push(
            `mlops-platform:tags: ${Object.keys(tags).length} tags plus up to ` +
                `${PLATFORM_TAGS_PER_RESOURCE} the platform adds exceed AWS's ${MAX_TAGS} tags per resource`,
        );
    for (const [key, value] of Object.entries(tags))
        if (!TAG_VALUE.test(value))
            problems.push(
                `mlops-platform:tags.${key}: value may only use letters, digits, spaces and + - = . _ : / ` +
                    `@ (AWS tag rules)`,
            );
    if (config.featureStore !== undefined)
        problems.push(...containerProblems(rootName, { featureStore: config.featureStore, serving: config.serving }));
    problems.push(...serviceNameProblems(rootName, config));
    return problems;
}

/**
 * Names the platform gives MWAA and Redshift from the root name (mlopsPlatform.ts: `<root>-airflow`,
 * `<root>-features`; the Redshift identifier is derived by `redshiftName`), against their services' rules.
 */
function serviceNameProblems(
    rootName: string,
    config: Partial<Pick<PlatformConfig, "featureStore" | "orchestration">>,
): string[] {
    const stackKey = `stack name (root name "${rootName}")`;
    const problems: string[] = [];
    const mwaa =
        config.orchestration?.enabled === false ? undefined : mwaaEnvironmentNameProblem(`${rootName}-airflow`);
    if (mwaa !== undefined) problems.push(`${stackKey}: ${mwaa}`);
    const engine = config.featureStore?.offlineStore?.engine ?? "redshift-serverless";
    for (const p of redshiftIdentifierProblems(redshiftName(`${rootName}-features`), engine))
        problems.push(`${stackKey}: Redshift ${p}`);
    return problems;
}

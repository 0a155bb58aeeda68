/** S3 rules that keep data safe and recoverable: KMS encryption, versioning, access logs, lifecycle, deletes. */
import { aws } from "../../lib/awsResources";
import {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    StackValidationArgs,
    validateResourceOfType,
} from "@pulumi/policy";
import { MlopsPolicy, framework } from "../../lib/metadata";
import { ENVIRONMENT_CONFIG, environmentOf } from "../../lib/environment";
import { identities, isObject, known, objects, present, refersTo } from "../../lib/resources";
import { BUCKET_TYPES, T, eachBucket, label } from "./buckets";

function kmsRuleProblem(rules: unknown, logBucket: boolean): string | undefined {
    const defaults = objects(rules)
        .map((r) => r.applyServerSideEncryptionByDefault)
        .filter(isObject);
    if (defaults.length === 0) return "has no default encryption rule";
    for (const d of defaults) {
        // S3 cannot deliver server access logs into an SSE-KMS bucket: the log bucket uses SSE-S3.
        if (logBucket && d.sseAlgorithm === "AES256") continue;
        if (d.sseAlgorithm !== "aws:kms" && d.sseAlgorithm !== "aws:kms:dsse")
            return `uses sseAlgorithm ${JSON.stringify(d.sseAlgorithm)}; use "aws:kms"`;
        if (!present(() => d.kmsMasterKeyId))
            return "uses the AWS-managed aws/s3 key; set kmsMasterKeyId to the stack's customer-managed key";
    }
    return undefined;
}

/**
 * Default encryption is SSE-KMS with a customer-managed key. The access-log bucket is the one
 * exception AWS forces: log delivery only works into SSE-S3 (AES256) buckets.
 */
export const s3KmsEncryption: MlopsPolicy = {
    name: "s3-kms-encryption",
    description:
        "Every S3 bucket encrypts by default with SSE-KMS under a customer-managed key (the access-log " +
        "bucket with SSE-S3, the only encryption S3 log delivery supports).",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Add an aws.s3.BucketServerSideEncryptionConfiguration whose rule sets " +
        'applyServerSideEncryptionByDefault { sseAlgorithm: "aws:kms", kmsMasterKeyId: <key ARN> } and ' +
        "bucketKeyEnabled: true.",
    ...framework({
        service: "S3",
        rule: "default encryption is SSE-KMS (customer key)",
        sources: ["CKV_AWS_19", "CKV_AWS_145", "S3.17", "AVD-AWS-0132"],
    }),
    validateStack: (args, report) => {
        const logs = logBuckets(args);
        eachBucket(args, (bucket, settings) => {
            const configs = settings(T.encryption);
            if (configs.length === 0) {
                report(
                    `${label(bucket)} has no BucketServerSideEncryptionConfiguration; add one with SSE-KMS ` +
                        `and the stack's KMS key.`,
                    bucket.urn,
                );
                return;
            }
            for (const config of configs) {
                const problem = kmsRuleProblem(config.props.rules, logs.has(bucket.urn));
                if (problem !== undefined)
                    report(
                        `${label(bucket)}: BucketServerSideEncryptionConfiguration "${config.name}" ${problem}.`,
                        config.urn,
                    );
            }
        });
    },
};

/** Versioning enabled (MWAA refuses a DAG bucket without it). */
export const s3Versioning: MlopsPolicy = {
    name: "s3-versioning",
    description: "Every S3 bucket has versioning enabled.",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled" (required for the ' +
        "MWAA DAG bucket).",
    ...framework({
        service: "S3",
        rule: "versioning enabled (required for the DAG bucket by MWAA)",
        sources: ["CKV_AWS_21", "S3.14"],
    }),
    validateStack: (args, report) =>
        eachBucket(args, (bucket, settings) => {
            const versioning = settings(T.versioning);
            const inline = known(() => bucket.props.versioning);
            if (isObject(inline) && inline.enabled === true) return;
            if (versioning.length === 0) {
                report(`${label(bucket)} has no BucketVersioning; add one with status "Enabled".`, bucket.urn);
                return;
            }
            for (const v of versioning) {
                const config = v.props.versioningConfiguration;
                const status = isObject(config) ? config.status : undefined;
                if (status !== "Enabled")
                    report(
                        `${label(bucket)}: BucketVersioning "${v.name}" has status ` +
                            `${JSON.stringify(status)}; set it to "Enabled".`,
                        v.urn,
                    );
            }
        }),
};

/** Buckets that receive another bucket's access logs: the log buckets (exempt from logging themselves). */
function logBuckets(args: StackValidationArgs): Set<string> {
    const logging = args.resources.filter((r) => r.type === T.logging);
    const buckets = args.resources.filter((r) => BUCKET_TYPES.includes(r.type));
    const isTarget = (b: PolicyResource) => {
        const ids = identities(b, "bucket");
        return logging.some((l) => refersTo(l, "targetBucket", b, ids) && !refersTo(l, "bucket", b, ids));
    };
    return new Set(buckets.filter(isTarget).map((b) => b.urn));
}

/** Server access logging to the stack's log bucket (the log bucket itself is exempt). */
export const s3AccessLogging: MlopsPolicy = {
    name: "s3-access-logging",
    description: "Every S3 bucket except the access-log bucket sends server access logs to the log bucket.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Add an aws.s3.BucketLogging with targetBucket set to the stack's access-log bucket and a " +
        "per-bucket targetPrefix.",
    ...framework({
        service: "S3",
        rule: "server access logging to the log bucket",
        sources: ["CKV_AWS_18", "S3.9", "AwsSolutions-S1"],
    }),
    validateStack: (args, report) => {
        const exempt = logBuckets(args);
        eachBucket(args, (bucket, settings) => {
            if (exempt.has(bucket.urn)) return;
            const logging = settings(T.logging);
            if (logging.length === 0) {
                report(`${label(bucket)} has no BucketLogging; send its access logs to the log bucket.`, bucket.urn);
            } else if (logging.every((l) => refersTo(l, "targetBucket", bucket, identities(bucket, "bucket")))) {
                report(
                    `${label(bucket)} logs to itself; set targetBucket to the separate access-log bucket.`,
                    logging[0].urn,
                );
            }
        });
    },
};

/** Lifecycle rules, including abort of incomplete multipart uploads. */
export const s3Lifecycle: MlopsPolicy = {
    name: "s3-lifecycle",
    description: "Every S3 bucket has lifecycle rules, including one that aborts incomplete multipart uploads.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Add an aws.s3.BucketLifecycleConfiguration with an enabled rule setting " +
        "abortIncompleteMultipartUpload.daysAfterInitiation (and noncurrent-version expiry).",
    ...framework({
        service: "S3",
        rule: "lifecycle rules incl. abort-incomplete-multipart-upload",
        sources: ["CKV2_AWS_61", "CKV_AWS_300", "S3.13"],
    }),
    validateStack: (args, report) =>
        eachBucket(args, (bucket, settings) => {
            const configs = settings(T.lifecycle);
            if (configs.length === 0) {
                report(
                    `${label(bucket)} has no BucketLifecycleConfiguration; add rules for expiry and ` +
                        `abortIncompleteMultipartUpload.`,
                    bucket.urn,
                );
                return;
            }
            const rules = configs.flatMap((c) => objects(c.props.rules)).filter((r) => r.status === "Enabled");
            const aborts = rules.some((r) =>
                objects(r.abortIncompleteMultipartUpload).some((a) => typeof a.daysAfterInitiation === "number"),
            );
            if (!aborts)
                report(
                    `${label(bucket)}: no enabled lifecycle rule sets ` +
                        `abortIncompleteMultipartUpload.daysAfterInitiation.`,
                    configs[0].urn,
                );
        }),
};

function checkForceDestroy(
    forceDestroy: boolean | undefined,
    args: ResourceValidationArgs,
    report: ReportViolation,
): void {
    if (forceDestroy === true && environmentOf(args) === "prod")
        report(`bucket "${args.name}" sets forceDestroy: true in prod; set it to false.`);
}

/** `forceDestroy` must be false in prod: a delete must never take the data with it. */
export const s3NoForceDestroyInProd: MlopsPolicy = {
    name: "s3-no-force-destroy-in-prod",
    description: "S3 buckets in prod have forceDestroy false, so deleting the stack cannot delete data.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set forceDestroy: false on prod buckets (the prod environment profile does this); empty a bucket " +
        "deliberately before removing it.",
    configSchema: ENVIRONMENT_CONFIG,
    ...framework({ service: "S3", rule: "forceDestroy false in prod", sources: ["ML"] }),
    validateResource: [
        validateResourceOfType(aws.s3.Bucket, (bucket, args, report) =>
            checkForceDestroy(bucket.forceDestroy, args, report),
        ),
        validateResourceOfType(aws.s3.BucketV2, (bucket, args, report) =>
            checkForceDestroy(bucket.forceDestroy, args, report),
        ),
    ],
};

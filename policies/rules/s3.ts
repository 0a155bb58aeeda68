/**
 * S3 rules. In `@pulumi/aws` v7 a bucket's settings live on separate resources, so most rules are
 * stack policies that join each bucket to its `BucketPublicAccessBlock`, `BucketPolicy`, ... by
 * their `bucket` input (through property dependencies, or by value).
 */
import * as aws from "@pulumi/aws";
import {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    StackValidationArgs,
    validateResourceOfType,
} from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { ENVIRONMENT_CONFIG, environmentOf } from "../lib/environment";
import {
    UNKNOWN_VALUE,
    identities,
    isObject,
    known,
    list,
    objects,
    peek,
    present,
    refersTo,
    siblings,
} from "../lib/resources";
import { Statement, parsePolicyDocument, statementLabel, wildcardPrincipal } from "../lib/iamDocuments";

/** Bucket types the rules apply to (`BucketV2` is the deprecated v6 name, still accepted by v7). */
export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

const T = {
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    logging: "aws:s3/bucketLogging:BucketLogging",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    acl: "aws:s3/bucketAcl:BucketAcl",
} as const;

/** Calls `check` for every bucket with a finder for its settings resources of a given type. */
function eachBucket(
    args: StackValidationArgs,
    check: (bucket: PolicyResource, settings: (type: string) => PolicyResource[]) => void,
): void {
    for (const bucket of args.resources.filter((r) => BUCKET_TYPES.includes(r.type))) {
        check(bucket, (type) => siblings(args.resources, bucket, type, "bucket", "bucket"));
    }
}

/** A bucket's name for messages: its logical name. */
function label(bucket: PolicyResource): string {
    return `bucket "${bucket.name}"`;
}

const PUBLIC_ACCESS_FLAGS = [
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
] as const;

/** Every bucket has a public access block with all four flags true. */
export const s3PublicAccessBlock: MlopsPolicy = {
    name: "s3-public-access-block",
    description: "Every S3 bucket has a public access block with all four flags set to true.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true (SecureBucket does this).",
    ...framework({
        service: "S3",
        rule: "every bucket has a public access block with all four flags true",
        sources: [
            "CKV2_AWS_6",
            "CKV_AWS_53",
            "CKV_AWS_54",
            "CKV_AWS_55",
            "CKV_AWS_56",
            "S3.8",
            "AVD-AWS-0086",
            "AVD-AWS-0087",
            "AVD-AWS-0091",
            "AVD-AWS-0093",
            "AVD-AWS-0094",
        ],
    }),
    validateStack: (args, report) =>
        eachBucket(args, (bucket, settings) => {
            const blocks = settings(T.publicAccessBlock);
            if (blocks.length === 0) {
                report(
                    `${label(bucket)} has no BucketPublicAccessBlock; add one with all four flags true.`,
                    bucket.urn,
                );
                return;
            }
            for (const block of blocks) {
                const off = PUBLIC_ACCESS_FLAGS.filter((f) => block.props[f] !== true);
                if (off.length > 0)
                    report(
                        `${label(bucket)}: set ${list(off)} to true on BucketPublicAccessBlock "${block.name}".`,
                        block.urn,
                    );
            }
        }),
};

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
        "Every S3 bucket encrypts by default with SSE-KMS under a customer-managed key (the access-log bucket with SSE-S3, the only encryption S3 log delivery supports).",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Add an aws.s3.BucketServerSideEncryptionConfiguration whose rule sets applyServerSideEncryptionByDefault { sseAlgorithm: "aws:kms", kmsMasterKeyId: <key ARN> } and bucketKeyEnabled: true.',
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
                    `${label(bucket)} has no BucketServerSideEncryptionConfiguration; add one with SSE-KMS and the stack's KMS key.`,
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

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEES = [
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

function publicGrant(grants: unknown): boolean {
    return objects(grants).some((g) => {
        const grantee = isObject(g.grantee) ? g.grantee : g;
        return typeof grantee.uri === "string" && PUBLIC_GRANTEES.includes(grantee.uri);
    });
}

/** No public ACL or AuthenticatedUsers grant; ACLs disabled by BucketOwnerEnforced. */
export const s3NoPublicAcl: MlopsPolicy = {
    name: "s3-no-public-acl",
    description: "S3 buckets have ACLs disabled (BucketOwnerEnforced) and no public or AuthenticatedUsers ACL grant.",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Add an aws.s3.BucketOwnershipControls with rule.objectOwnership "BucketOwnerEnforced" and remove public canned ACLs and AllUsers/AuthenticatedUsers grants.',
    ...framework({
        service: "S3",
        rule: "no public ACL / AuthenticatedUsers grant; ACLs disabled (BucketOwnerEnforced)",
        sources: ["CKV_AWS_20", "CKV_AWS_57", "CKV2_AWS_65", "S3.2", "S3.3", "S3.12"],
    }),
    validateStack: (args, report) =>
        eachBucket(args, (bucket, settings) => {
            const acl = known(() => bucket.props.acl);
            if (typeof acl === "string" && PUBLIC_CANNED_ACLS.includes(acl))
                report(`${label(bucket)} has the public canned ACL "${acl}"; remove it.`, bucket.urn);
            if (publicGrant(known(() => bucket.props.grants)))
                report(
                    `${label(bucket)} grants access to AllUsers or AuthenticatedUsers; remove the grant.`,
                    bucket.urn,
                );
            for (const a of settings(T.acl)) {
                const canned = known(() => a.props.acl);
                const policy = known(() => a.props.accessControlPolicy);
                if (
                    (typeof canned === "string" && PUBLIC_CANNED_ACLS.includes(canned)) ||
                    (isObject(policy) && publicGrant(policy.grants))
                ) {
                    report(
                        `${label(bucket)}: BucketAcl "${a.name}" makes the bucket public; delete it (ACLs should be disabled).`,
                        a.urn,
                    );
                }
            }
            const ownership = settings(T.ownership);
            const enforced = ownership.some((o) =>
                objects(o.props.rule).some((r) => r.objectOwnership === "BucketOwnerEnforced"),
            );
            if (!enforced)
                report(
                    `${label(bucket)} does not disable ACLs; add BucketOwnershipControls with objectOwnership "BucketOwnerEnforced".`,
                    ownership[0]?.urn ?? bucket.urn,
                );
        }),
};

/** The bucket policies of a bucket, parsed; `statements` is undefined while the document is unknown (preview). */
function bucketPolicies(
    settings: (type: string) => PolicyResource[],
): { resource: PolicyResource; statements?: Statement[] }[] {
    return settings(T.policy).map((resource) => {
        const doc = peek(() => resource.props.policy);
        return { resource, ...(doc === UNKNOWN_VALUE ? {} : { statements: parsePolicyDocument(doc) ?? [] }) };
    });
}

function deniesInsecureTransport(s: Statement): boolean {
    if (s.effect !== "Deny" || !wildcardPrincipal(s)) return false;
    if (!s.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*")) return false;
    return Object.entries(s.conditions).some(
        ([op, body]) =>
            /^Bool(IfExists)?$/i.test(op) &&
            Object.entries(body).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && v.includes("false")),
    );
}

function coversObjectsAndBucket(s: Statement): boolean {
    return (
        s.resources.includes("*") ||
        (s.resources.some((r) => r.endsWith("/*")) && s.resources.some((r) => !r.includes("/")))
    );
}

/** The bucket policy denies requests that do not use TLS. */
export const s3TlsOnly: MlopsPolicy = {
    name: "s3-tls-only",
    description: "Every S3 bucket policy denies requests without TLS (aws:SecureTransport = false).",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Add to the bucket policy a statement { Effect: Deny, Principal: "*", Action: "s3:*", Resource: [bucketArn, bucketArn + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }.',
    ...framework({
        service: "S3",
        rule: "bucket policy denies non-TLS (aws:SecureTransport=false)",
        sources: ["CKV_AWS_379", "S3.5", "AwsSolutions-S10"],
    }),
    validateStack: (args, report) =>
        eachBucket(args, (bucket, settings) => {
            const policies = bucketPolicies(settings);
            if (policies.length === 0) {
                report(
                    `${label(bucket)} has no BucketPolicy; add one that denies s3:* when aws:SecureTransport is "false".`,
                    bucket.urn,
                );
                return;
            }
            if (policies.some((p) => p.statements === undefined)) return; // computed during preview; checked on update
            const deny = policies.flatMap((p) => p.statements ?? []).filter(deniesInsecureTransport);
            if (deny.length === 0) {
                report(
                    `${label(bucket)}: BucketPolicy "${policies[0].resource.name}" has no Deny of s3:* for Principal "*" when aws:SecureTransport is "false".`,
                    policies[0].resource.urn,
                );
            } else if (!deny.some(coversObjectsAndBucket)) {
                report(
                    `${label(bucket)}: the TLS-only Deny must cover both the bucket ARN and its objects (arn/*).`,
                    policies[0].resource.urn,
                );
            }
        }),
};

/** No bucket policy statement allows everyone. */
export const s3NoPublicPrincipal: MlopsPolicy = {
    name: "s3-no-public-principal",
    description: 'No S3 bucket policy allows Principal "*".',
    enforcementLevel: "mandatory",
    remediationSteps:
        'Name the roles or services that need access as principals (service principals with an aws:SourceAccount/aws:SourceArn condition) instead of "*".',
    ...framework({ service: "S3", rule: "bucket policy has no * principal allow", sources: ["CKV_AWS_70", "S3.6"] }),
    validateStack: (args, report) =>
        eachBucket(args, (bucket, settings) => {
            for (const { resource, statements } of bucketPolicies(settings)) {
                (statements ?? []).forEach((s, i) => {
                    if (s.effect === "Allow" && wildcardPrincipal(s)) {
                        report(
                            `${label(bucket)}: BucketPolicy "${resource.name}" ${statementLabel(s, i)} allows Principal "*"; name the principals that need access.`,
                            resource.urn,
                        );
                    }
                });
            }
        }),
};

/** Versioning enabled (MWAA refuses a DAG bucket without it). */
export const s3Versioning: MlopsPolicy = {
    name: "s3-versioning",
    description: "Every S3 bucket has versioning enabled.",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled" (required for the MWAA DAG bucket).',
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
                        `${label(bucket)}: BucketVersioning "${v.name}" has status ${JSON.stringify(status)}; set it to "Enabled".`,
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
        "Add an aws.s3.BucketLogging with targetBucket set to the stack's access-log bucket and a per-bucket targetPrefix.",
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
        "Add an aws.s3.BucketLifecycleConfiguration with an enabled rule setting abortIncompleteMultipartUpload.daysAfterInitiation (and noncurrent-version expiry).",
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
                    `${label(bucket)} has no BucketLifecycleConfiguration; add rules for expiry and abortIncompleteMultipartUpload.`,
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
                    `${label(bucket)}: no enabled lifecycle rule sets abortIncompleteMultipartUpload.daysAfterInitiation.`,
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
        "Set forceDestroy: false on prod buckets (the prod environment profile does this); empty a bucket deliberately before removing it.",
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

/** All S3 policies. */
export const s3Policies: MlopsPolicy[] = [
    s3PublicAccessBlock,
    s3KmsEncryption,
    s3NoPublicAcl,
    s3TlsOnly,
    s3NoPublicPrincipal,
    s3Versioning,
    s3AccessLogging,
    s3Lifecycle,
    s3NoForceDestroyInProd,
];

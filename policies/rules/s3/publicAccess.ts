/** S3 rules against public exposure: the public access block, ACLs, and bucket policy statements. */
import { PolicyResource } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../../lib/metadata";
import { UNKNOWN_VALUE, isObject, known, list, objects, peek } from "../../lib/resources";
import { Statement, parsePolicyDocument, statementLabel, wildcardPrincipal } from "../../lib/iamDocuments";
import { T, eachBucket, label } from "./buckets";

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
        "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, " +
        "ignorePublicAcls and restrictPublicBuckets all true (SecureBucket does this).",
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
        'Add an aws.s3.BucketOwnershipControls with rule.objectOwnership "BucketOwnerEnforced" and remove ' +
        "public canned ACLs and AllUsers/AuthenticatedUsers grants.",
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
                        `${label(bucket)}: BucketAcl "${a.name}" makes the bucket public; delete it (ACLs ` +
                            `should be disabled).`,
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
                    `${label(bucket)} does not disable ACLs; add BucketOwnershipControls with ` +
                        `objectOwnership "BucketOwnerEnforced".`,
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
        'Add to the bucket policy a statement { Effect: Deny, Principal: "*", Action: "s3:*", Resource: ' +
        '[bucketArn, bucketArn + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }.',
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
                    `${label(bucket)} has no BucketPolicy; add one that denies s3:* when ` +
                        `aws:SecureTransport is "false".`,
                    bucket.urn,
                );
                return;
            }
            if (policies.some((p) => p.statements === undefined)) return; // computed during preview; checked on update
            const deny = policies.flatMap((p) => p.statements ?? []).filter(deniesInsecureTransport);
            if (deny.length === 0) {
                report(
                    `${label(bucket)}: BucketPolicy "${policies[0].resource.name}" has no Deny of s3:* for ` +
                        `Principal "*" when aws:SecureTransport is "false".`,
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
        "Name the roles or services that need access as principals (service principals with an " +
        'aws:SourceAccount/aws:SourceArn condition) instead of "*".',
    ...framework({ service: "S3", rule: "bucket policy has no * principal allow", sources: ["CKV_AWS_70", "S3.6"] }),
    validateStack: (args, report) =>
        eachBucket(args, (bucket, settings) => {
            for (const { resource, statements } of bucketPolicies(settings)) {
                (statements ?? []).forEach((s, i) => {
                    if (s.effect === "Allow" && wildcardPrincipal(s)) {
                        report(
                            `${label(bucket)}: BucketPolicy "${resource.name}" ${statementLabel(s, i)} ` +
                                `allows Principal "*"; name the principals that need access.`,
                            resource.urn,
                        );
                    }
                });
            }
        }),
};

/**
 * Invariant: every encryption setting of the stack names the stack's own KMS key — not another
 * account's key, not an AWS-managed alias (`alias/aws/…`), not an AWS-owned key (the default when
 * the setting is left out) — except the documented SSE-S3 exception of the access-log bucket
 * (S3 server access logging does not support SSE-KMS destinations:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
 * The key policy keeps its `kms:ViaService` guard, and every bucket policy keeps the TLS 1.2 floor.
 */
import { PolicyResource } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../../lib/metadata";
import { grants, parsePolicyDocument, statementLabel } from "../../lib/iamDocuments";
import { isObject, known, objects, str, UNKNOWN_VALUE, peek } from "../../lib/resources";
import { stackIndex } from "../../lib/stackIndex";
import { resourcePolicyOf } from "./principals";

type Finding = string;

function get(value: unknown, path: string): unknown {
    let node = value;
    for (const key of path.split(".")) {
        if (!isObject(node)) return undefined;
        node = node[key];
    }
    return node;
}

/** The key settings of a resource: [where, value] pairs; `required` settings must be present. */
function keySettings(
    r: PolicyResource,
    logBuckets: ReadonlySet<string>,
): { where: string; value: unknown; required: boolean }[] {
    const props = peek(() => JSON.parse(JSON.stringify(r.props)) as unknown);
    if (props === UNKNOWN_VALUE || !isObject(props)) return [];
    switch (r.type) {
        case "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
        case "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {
            const bucket = str(props.bucket);
            return objects(props.rules).flatMap((rule, i) => {
                const sse = isObject(rule.applyServerSideEncryptionByDefault)
                    ? rule.applyServerSideEncryptionByDefault
                    : {};
                if (sse.sseAlgorithm === "AES256" && bucket !== undefined && logBuckets.has(bucket)) return [];
                return [
                    {
                        where: `rules[${i}].applyServerSideEncryptionByDefault.kmsMasterKeyId`,
                        value: sse.kmsMasterKeyId,
                        required: true,
                    },
                ];
            });
        }
        case "aws:dynamodb/table:Table":
            return [
                {
                    where: "serverSideEncryption.kmsKeyArn",
                    value: get(props, "serverSideEncryption.kmsKeyArn"),
                    required: true,
                },
            ];
        case "aws:ecr/repository:Repository": {
            const configs = objects(props.encryptionConfigurations);
            if (configs.length === 0) return [{ where: "encryptionConfigurations", value: undefined, required: true }];
            return configs.map((c, i) => ({
                where: `encryptionConfigurations[${i}].kmsKey`,
                value: c.kmsKey,
                required: true,
            }));
        }
        case "aws:sagemaker/endpointConfiguration:EndpointConfiguration": {
            const out = [{ where: "kmsKeyArn", value: props.kmsKeyArn, required: false }];
            if (isObject(props.dataCaptureConfig))
                out.push({
                    where: "dataCaptureConfig.kmsKeyId",
                    value: props.dataCaptureConfig.kmsKeyId,
                    required: true,
                });
            return out;
        }
        case "aws:mwaa/environment:Environment":
            return [{ where: "kmsKey", value: props.kmsKey, required: true }];
        case "aws:redshiftserverless/namespace:Namespace":
            return [
                { where: "kmsKeyId", value: props.kmsKeyId, required: true },
                {
                    where: "adminPasswordSecretKmsKeyId",
                    value: props.adminPasswordSecretKmsKeyId,
                    required: props.manageAdminPassword === true,
                },
            ];
        case "aws:redshift/cluster:Cluster":
            return [{ where: "kmsKeyId", value: props.kmsKeyId, required: true }];
        case "aws:cloudwatch/logGroup:LogGroup":
            return [{ where: "kmsKeyId", value: props.kmsKeyId, required: true }];
        case "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings":
            return [
                {
                    where: "encryptionAtRest.sseAwsKmsKeyId",
                    value: get(props, "dataCatalogEncryptionSettings.encryptionAtRest.sseAwsKmsKeyId"),
                    required: true,
                },
                {
                    where: "connectionPasswordEncryption.awsKmsKeyId",
                    value: get(props, "dataCatalogEncryptionSettings.connectionPasswordEncryption.awsKmsKeyId"),
                    required: true,
                },
            ];
        case "aws:sagemaker/model:Model":
            return [];
        default:
            return [];
    }
}

function plaintextSettings(r: PolicyResource): Finding[] {
    const props = r.props as Record<string, unknown>;
    const out: Finding[] = [];
    if (r.type === "aws:dynamodb/table:Table" && known(() => get(props, "serverSideEncryption.enabled")) === false)
        out.push("serverSideEncryption.enabled is false (an AWS-owned key)");
    if (r.type === "aws:ecr/repository:Repository")
        objects(known(() => props.encryptionConfigurations)).forEach((c, i) => {
            if (c.encryptionType !== "KMS" && c.encryptionType !== "KMS_DSSE")
                out.push(`encryptionConfigurations[${i}].encryptionType is ${String(c.encryptionType)}`);
        });
    return out;
}

/** Every encryption setting names the stack's KMS key (SSE-S3 only on the access-log bucket). */
export const invariantStackKey: MlopsPolicy = {
    name: "invariant-encryption-stack-key",
    description:
        "Every encryption setting (S3, DynamoDB, ECR, SageMaker, MWAA, Redshift, CloudWatch Logs, Glue) " +
        "names this stack's KMS key; only the access-log bucket uses SSE-S3.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Pass the stack's EncryptionKey ARN to every key setting; never an alias/aws/* key, another " +
        "account's key or an omitted setting (which means an AWS-owned key).",
    ...framework({
        service: "Invariants",
        rule: "every encryption setting names the stack's key",
        sources: ["ML", "CKV_AWS_145", "CKV_AWS_119", "CKV_AWS_136", "CKV_AWS_158"],
    }),
    validateStack: (args, report) => {
        const index = stackIndex(args.resources);
        if (index.keyIds.size === 0) return;
        for (const r of args.resources) {
            for (const why of plaintextSettings(r)) report(`"${r.name}" ${why}; encrypt with the stack's key.`, r.urn);
            for (const { where, value, required } of keySettings(r, index.logBuckets)) {
                const key = str(value);
                if (key === undefined) {
                    if (required)
                        report(
                            `"${r.name}" ${where} is not set, so AWS uses a key that is not the stack's; ` +
                                `set it to the stack's key.`,
                            r.urn,
                        );
                } else if (!index.keyIds.has(key)) {
                    report(`"${r.name}" ${where} is ${key}, which is not the stack's KMS key.`, r.urn);
                }
            }
        }
    },
};

const CRYPTO_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom"];

/** Key policy grants of cryptographic use to account principals keep a kms:ViaService guard. */
export const invariantKeyViaService: MlopsPolicy = {
    name: "invariant-key-via-service",
    description:
        "Key policy statements that let account principals use the key (Decrypt, Encrypt, GenerateDataKey) " +
        "carry a kms:ViaService condition, so the key is usable only through the platform's services.",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Keep Condition { StringEquals: { "kms:ViaService": ["s3.<region>.amazonaws.com", …] } } on the ' +
        "key policy statement granting cryptographic use " +
        "(https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service).",
    ...framework({ service: "Invariants", rule: "key policy keeps kms:ViaService", sources: ["ML", "KMS.1"] }),
    validateStack: (args, report) => {
        for (const r of args.resources.filter(
            (x) => x.type === "aws:kms/key:Key" || x.type === "aws:kms/keyPolicy:KeyPolicy",
        )) {
            const statements = parsePolicyDocument(known(() => r.props.policy)) ?? [];
            statements.forEach((s, i) => {
                if (s.effect !== "Allow" || (s.principals.AWS ?? []).length === 0) return;
                const crypto = CRYPTO_ACTIONS.filter((a) => grants(s, a));
                const keys = Object.values(s.conditions).flatMap((b) => Object.keys(b).map((k) => k.toLowerCase()));
                if (crypto.length > 0 && !keys.includes("kms:viaservice"))
                    report(
                        `key "${r.name}" policy ${statementLabel(s, i)} grants ${crypto.join(", ")} ` +
                            `without kms:ViaService.`,
                        r.urn,
                    );
            });
        }
    },
};

/** Every bucket policy keeps the TLS 1.2 floor (Deny NumericLessThan s3:TlsVersion 1.2). */
export const invariantTlsFloor: MlopsPolicy = {
    name: "invariant-bucket-tls-floor",
    description: "Every bucket policy denies requests made with TLS older than 1.2 (s3:TlsVersion).",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Keep the statement { Effect: Deny, Principal: "*", Action: "s3:*", Condition: { NumericLessThan: ' +
        '{ "s3:TlsVersion": "1.2" } } } ' +
        "(https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html" +
        "#example-object-tls-version).",
    ...framework({ service: "Invariants", rule: "bucket policies keep the TLS 1.2 floor", sources: ["ML", "S3.5"] }),
    validateStack: (args, report) => {
        for (const r of args.resources.filter((x) => x.type === "aws:s3/bucketPolicy:BucketPolicy")) {
            const doc = resourcePolicyOf(r);
            if (!doc) continue;
            const floor = doc.statements.some(
                (s) =>
                    s.effect === "Deny" &&
                    Object.entries(s.conditions).some(
                        ([op, body]) =>
                            op === "NumericLessThan" &&
                            Object.entries(body).some(
                                ([k, v]) => k.toLowerCase() === "s3:tlsversion" && v.every((x) => Number(x) >= 1.2),
                            ),
                    ),
            );
            if (!floor)
                report(`bucket policy "${r.name}" has no Deny for s3:TlsVersion < 1.2; keep the TLS 1.2 floor.`, r.urn);
        }
    },
};

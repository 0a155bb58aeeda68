/** Corpus cases: another account, identity policies, AWS-managed policies, encryption (issue 15). */
import { Case, foreignAllow, KEY, MWAA, OTHER, OTHER_KEY, Props, ROLE, SSE } from "./corpusPlan";

/** Cases of the access and encryption classes. */
export const ACCESS_CASES: Case[] = [
    // Another account in a resource or trust policy.
    {
        cls: "principals",
        change: "key policy admits another account",
        policy: "invariant-principals-this-account",
        apply: (p) => p.doc(KEY, "policy", (d) => d.Statement.push({ ...foreignAllow("kms:Decrypt"), Resource: "*" })),
    },
    {
        cls: "principals",
        change: "bucket policy admits another account",
        policy: "invariant-principals-this-account",
        apply: (p) =>
            p.doc(
                "BucketPolicy",
                "policy",
                (d) =>
                    d.Statement.push({
                        ...foreignAllow("s3:GetObject"),
                        Resource: "arn:aws:s3:::mlops-prod-raw-28c47cb/*",
                    }),
                "raw",
            ),
    },
    {
        cls: "principals",
        change: "ECR repository policy admits another account",
        policy: "invariant-principals-this-account",
        apply: (p) => p.doc("RepositoryPolicy", "policy", (d) => d.Statement.push(foreignAllow("ecr:BatchGetImage"))),
    },
    {
        cls: "principals",
        change: "DynamoDB table policy admits another account",
        policy: "invariant-principals-this-account",
        apply: (p) =>
            p.add("aws:dynamodb/resourcePolicy:ResourcePolicy", "table-policy", {
                resourceArn:
                    "arn:aws:dynamodb:us-east-1:123456789012:table/customer_segmentation.customer_rfm_features",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ ...foreignAllow("dynamodb:GetItem"), Resource: "*" }],
                }),
            }),
    },
    {
        cls: "principals",
        change: "trust policy admits another account",
        policy: "invariant-principals-this-account",
        apply: (p) =>
            p.doc(ROLE, "assumeRolePolicy", (d) => d.Statement.push({ ...foreignAllow("sts:AssumeRole") }), "serving"),
    },
    {
        cls: "principals",
        change: "SageMaker trusted for any account (condition dropped)",
        policy: "invariant-principals-this-account",
        apply: (p) => p.doc(ROLE, "assumeRolePolicy", (d) => delete d.Statement[0].Condition, "serving"),
    },
    {
        cls: "principals",
        change: "trust policy SourceAccount names another account",
        policy: "invariant-principals-this-account",
        apply: (p) =>
            p.doc(
                ROLE,
                "assumeRolePolicy",
                (d) => (d.Statement[0].Condition = { StringEquals: { "aws:SourceAccount": OTHER } }),
                "airflow",
            ),
    },
    {
        cls: "principals",
        change: "CloudWatch Logs key grant for any account",
        policy: "invariant-principals-this-account",
        // The documented statement is confined by its kms:EncryptionContext:aws:logs:arn condition alone.
        apply: (p) =>
            p.doc(
                KEY,
                "policy",
                (d) => delete d.Statement.find((s) => s.Sid === "CloudWatchLogsForThisAccount")!.Condition,
            ),
    },
    {
        cls: "principals",
        change: "log delivery service for any account",
        policy: "invariant-principals-this-account",
        apply: (p) => p.doc("BucketPolicy", "policy", (d) => delete d.Statement[2].Condition, "access-logs"),
    },
    {
        cls: "principals",
        change: "federated principal of another account",
        policy: "invariant-principals-this-account",
        apply: (p) =>
            p.doc(
                ROLE,
                "assumeRolePolicy",
                (d) =>
                    d.Statement.push({
                        Effect: "Allow",
                        Principal: {
                            Federated: `arn:aws:iam::${OTHER}:oidc-provider/token.actions.githubusercontent.com`,
                        },
                        Action: "sts:AssumeRoleWithWebIdentity",
                    }),
                "serving",
            ),
    },
    // Identity policies reaching beyond the stack.
    {
        cls: "identity",
        change: "s3:GetObject on arn:aws:s3:::*",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "s3:GetObject", Resource: "arn:aws:s3:::*" }),
    },
    {
        cls: "identity",
        change: "kms:Decrypt on arn:aws:kms:*:*:key/*",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "kms:Decrypt", Resource: "arn:aws:kms:*:*:key/*" }),
    },
    {
        cls: "identity",
        change: "DynamoDB reads on every table",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) =>
            p.grant({ Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/*" }),
    },
    {
        cls: "identity",
        change: "bucket-name prefix pattern (bucket*)",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "s3:GetObject", Resource: "arn:aws:s3:::mlops-prod-raw-28c47cb*" }),
    },
    {
        cls: "identity",
        change: "ECR pulls from every repository",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) =>
            p.grant({ Action: "ecr:BatchGetImage", Resource: "arn:aws:ecr:us-east-1:123456789012:repository/*" }),
    },
    {
        cls: "identity",
        change: "logs on every log group",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) =>
            p.grant({ Action: "logs:PutLogEvents", Resource: "arn:aws:logs:us-east-1:123456789012:log-group:*" }),
    },
    {
        cls: "identity",
        change: "sts:AssumeRole on any role",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "sts:AssumeRole", Resource: "*" }),
    },
    {
        cls: "identity",
        change: "sts:AssumeRole on another account's role",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "sts:AssumeRole", Resource: `arn:aws:iam::${OTHER}:role/admin` }),
    },
    {
        cls: "identity",
        change: "iam:PassRole without iam:PassedToService",
        policy: "iam-passrole-scoped",
        apply: (p) =>
            p.grant({ Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/mlops-prod-serving-8eb93e5" }),
    },
    {
        cls: "identity",
        change: "s3:DeleteBucket on a stack bucket",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::mlops-prod-raw-28c47cb" }),
    },
    {
        cls: "identity",
        change: "dynamodb:DeleteTable on the online store",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) =>
            p.grant({
                Action: "dynamodb:DeleteTable",
                Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/customer_segmentation.customer_rfm_features",
            }),
    },
    {
        cls: "identity",
        change: "s3:DeleteObjectVersion (bypasses versioning)",
        policy: "invariant-identity-arns-in-stack",
        apply: (p) => p.grant({ Action: "s3:DeleteObjectVersion", Resource: "arn:aws:s3:::mlops-prod-raw-28c47cb/*" }),
    },
    // AWS-managed policies.
    ...[
        "ReadOnlyAccess",
        "SecretsManagerReadWrite",
        "AdministratorAccess-Amplify",
        "service-role/AmazonSageMakerFullAccess",
    ].map((name): Case => ({
        cls: "managed",
        change: `attaches ${name}`,
        policy: "invariant-no-aws-managed-policy",
        apply: (p) =>
            p.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `attach-${name.replace(/\W/g, "")}`, {
                role: "mlops-prod-serving-8eb93e5",
                policyArn: `arn:aws:iam::aws:policy/${name}`,
            }),
    })),
    {
        cls: "managed",
        change: "managedPolicyArns on the role",
        policy: "invariant-no-aws-managed-policy",
        apply: (p) =>
            p.edit(ROLE, (r) => (r.managedPolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]), "airflow"),
    },
    // Encryption under a key that is not the stack's.
    {
        cls: "encryption",
        change: "bucket SSE-S3 (AES256)",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit(SSE, (s) => (s.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]), "raw"),
    },
    {
        cls: "encryption",
        change: "bucket aws:kms with no key (AWS-managed aws/s3)",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit(
                SSE,
                (s) => (s.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }]),
                "raw",
            ),
    },
    {
        cls: "encryption",
        change: "bucket key alias/aws/s3",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit(
                SSE,
                (s) =>
                    (s.rules = [
                        {
                            applyServerSideEncryptionByDefault: {
                                sseAlgorithm: "aws:kms",
                                kmsMasterKeyId: "alias/aws/s3",
                            },
                        },
                    ]),
                "offline",
            ),
    },
    {
        cls: "encryption",
        change: "bucket key of another account",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit(
                SSE,
                (s) =>
                    (s.rules = [
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: OTHER_KEY } },
                    ]),
                "model-registry",
            ),
    },
    {
        cls: "encryption",
        change: "DynamoDB AWS-owned key",
        policy: "invariant-encryption-stack-key",
        apply: (p) => p.edit("dynamodb/table:Table", (t) => (t.serverSideEncryption = { enabled: false })),
    },
    {
        cls: "encryption",
        change: "DynamoDB another account's key",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit("dynamodb/table:Table", (t) => (t.serverSideEncryption = { enabled: true, kmsKeyArn: OTHER_KEY })),
    },
    {
        cls: "encryption",
        change: "ECR AES256",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.edit("ecr/repository:Repository", (r) => (r.encryptionConfigurations = [{ encryptionType: "AES256" }])),
    },
    {
        cls: "encryption",
        change: "MWAA another account's key",
        policy: "invariant-encryption-stack-key",
        apply: (p) => p.edit(MWAA, (m) => (m.kmsKey = OTHER_KEY)),
    },
    {
        cls: "encryption",
        change: "Redshift namespace AWS-owned key",
        policy: "invariant-encryption-stack-key",
        apply: (p) => p.edit("namespace:Namespace", (n) => delete n.kmsKeyId),
    },
    {
        cls: "encryption",
        change: "log group without the key",
        policy: "invariant-encryption-stack-key",
        apply: (p) => p.edit("logGroup:LogGroup", (l) => delete l.kmsKeyId, "task"),
    },
    {
        cls: "encryption",
        change: "data capture under another key",
        policy: "invariant-encryption-stack-key",
        apply: (p) => p.edit("EndpointConfiguration", (c) => ((c.dataCaptureConfig as Props).kmsKeyId = OTHER_KEY)),
    },
    {
        cls: "encryption",
        change: "Glue catalog (opted in with encryptDataCatalog) under alias/aws/glue",
        policy: "invariant-encryption-stack-key",
        apply: (p) =>
            p.add("aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings", "mlops-prod-features", {
                dataCatalogEncryptionSettings: {
                    encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: "alias/aws/glue" },
                    connectionPasswordEncryption: {
                        returnConnectionPasswordEncrypted: true,
                        awsKmsKeyId: "alias/aws/glue",
                    },
                },
            }),
    },
    {
        cls: "encryption",
        change: "key policy kms:ViaService guard dropped",
        policy: "invariant-key-via-service",
        apply: (p) =>
            p.doc(
                KEY,
                "policy",
                (d) => delete ((d.Statement[1].Condition as Props).StringEquals as Props)["kms:ViaService"],
            ),
    },
    {
        cls: "encryption",
        change: "bucket TLS 1.2 floor dropped",
        policy: "invariant-bucket-tls-floor",
        apply: (p) => p.doc("BucketPolicy", "policy", (d) => d.Statement.splice(1, 1), "predictions"),
    },
];

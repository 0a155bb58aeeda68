import * as assert from "assert";
import {
    iamKmsDecryptScoped,
    iamNoPrivilegeEscalation,
    iamNoWildcardAction,
    iamNoWildcardResource,
    iamPassRoleScoped,
    iamTrustPolicy,
} from "../../policies/rules/iam";
import { invariantNoAwsManagedPolicy } from "../../policies/rules/invariants/identity";
import { parsePolicyDocument } from "../../policies/lib/iamDocuments";
import { StackResource, checkResource, checkStack, messages, urnOf } from "./harness";

const ACCOUNT = "123456789012";
const SERVING_ROLE = `arn:aws:iam::${ACCOUNT}:role/serving-abc1234`;
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const rolePolicy = (policy: string) => ({
    type: "aws:iam/rolePolicy:RolePolicy",
    name: "serving-policy",
    props: { role: "serving-abc1234", policy },
});

/** The least-privilege serving policy ModelEndpoint writes. */
const scoped = doc(
    { Sid: "ReadModel", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::models-abc1234/*" },
    {
        Sid: "Features",
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem"],
        Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/customer_segmentation.*`,
    },
    { Sid: "PullAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
        Sid: "Decrypt",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1111`,
    },
);

const IDENTITY_RULES = [iamNoWildcardAction, iamNoWildcardResource, iamNoPrivilegeEscalation, iamKmsDecryptScoped];

describe("policies/iam", () => {
    describe("parsePolicyDocument", () => {
        it("normalises strings and lists, NotAction and conditions", () => {
            const [s] =
                parsePolicyDocument({
                    Statement: {
                        Effect: "Allow",
                        NotAction: "iam:*",
                        Resource: "*",
                        Principal: { Service: "sagemaker.amazonaws.com" },
                        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                    },
                }) ?? [];
            assert.deepStrictEqual(s, {
                effect: "Allow",
                actions: [],
                notActions: ["iam:*"],
                resources: ["*"],
                notResources: [],
                principals: { Service: ["sagemaker.amazonaws.com"] },
                hasPrincipal: true,
                conditions: { StringEquals: { "aws:SourceAccount": [ACCOUNT] } },
            });
            assert.strictEqual(parsePolicyDocument("not json"), undefined);
        });
    });

    it(
        "the scoped serving policy passes every identity rule, as a RolePolicy, a Policy and a role's inline " +
            "policy",
        async () => {
            for (const policy of IDENTITY_RULES) {
                assert.deepStrictEqual(await checkResource(policy, rolePolicy(scoped)), [], policy.name);
                assert.deepStrictEqual(
                    await checkResource(policy, {
                        type: "aws:iam/policy:Policy",
                        name: "p",
                        props: { policy: scoped },
                    }),
                    [],
                    policy.name,
                );
                assert.deepStrictEqual(
                    await checkResource(policy, {
                        type: "aws:iam/role:Role",
                        name: "r",
                        props: { inlinePolicies: [{ name: "x", policy: scoped }] },
                    }),
                    [],
                    policy.name,
                );
            }
        },
    );

    it("iam-no-wildcard-action reports Action *, *:* and Allow+NotAction", async () => {
        assert.deepStrictEqual(
            await checkResource(
                iamNoWildcardAction,
                rolePolicy(doc({ Sid: "All", Effect: "Allow", Action: "*", Resource: "*" })),
            ),
            ['role policy "serving-policy" policy statement "All" allows Action "*"; list the actions needed.'],
        );
        assert.deepStrictEqual(
            await checkResource(iamNoWildcardAction, {
                type: "aws:iam/policy:Policy",
                name: "p",
                props: { policy: doc({ Effect: "Allow", Action: ["s3:GetObject", "*:*"], Resource: "*" }) },
            }),
            ['IAM policy "p" policy statement 1 allows Action "*:*"; list the actions needed.'],
        );
        assert.deepStrictEqual(
            await checkResource(iamNoWildcardAction, {
                type: "aws:iam/role:Role",
                name: "r",
                props: { inlinePolicies: [{ policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }] },
            }),
            ['role "r" inlinePolicies[0].policy statement 1 allows NotAction ["iam:*"]; list the actions needed.'],
        );
        assert.deepStrictEqual(
            await checkResource(iamNoWildcardAction, rolePolicy(doc({ Effect: "Deny", Action: "*", Resource: "*" }))),
            [],
        );
    });

    it("iam-no-wildcard-resource reports scopable actions on *, not unscopable ones", async () => {
        assert.deepStrictEqual(
            await checkResource(
                iamNoWildcardResource,
                rolePolicy(
                    doc({
                        Sid: "Read",
                        Effect: "Allow",
                        Action: [
                            "s3:GetObject",
                            "ecr:GetAuthorizationToken",
                            "ec2:DescribeSubnets",
                            "s3:GetAccountPublicAccessBlock",
                        ],
                        Resource: "*",
                    }),
                ),
            ),
            [
                'role policy "serving-policy" policy statement "Read" allows s3:GetObject on Resource "*"; ' +
                    "scope it to this stack's ARNs.",
            ],
        );
        assert.deepStrictEqual(
            await checkResource(
                iamNoWildcardResource,
                rolePolicy(doc({ Sid: "Not", Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::x" })),
            ),
            [
                'role policy "serving-policy" policy statement "Not" allows s3:GetObject on Resource "*"; ' +
                    "scope it to this stack's ARNs.",
            ],
        );
    });

    it(
        "iam-no-privilege-escalation reports escalation actions, including through wildcards, and credentials " +
            "on *",
        async () => {
            assert.deepStrictEqual(
                await checkResource(
                    iamNoPrivilegeEscalation,
                    rolePolicy(doc({ Sid: "Iam", Effect: "Allow", Action: "iam:Put*Policy", Resource: SERVING_ROLE })),
                ),
                [
                    'role policy "serving-policy" policy statement "Iam" allows privilege-escalation actions ' +
                        "iam:PutGroupPolicy, iam:PutRolePolicy and iam:PutUserPolicy; remove them.",
                ],
            );
            assert.deepStrictEqual(
                await checkResource(
                    iamNoPrivilegeEscalation,
                    rolePolicy(doc({ Sid: "Iam", Effect: "Allow", Action: "iam:*", Resource: SERVING_ROLE })),
                ),
                [
                    'role policy "serving-policy" policy statement "Iam" allows privilege-escalation actions ' +
                        "iam:AddUserToGroup, iam:AttachGroupPolicy, iam:AttachRolePolicy and 17 more; remove them.",
                ],
            );
            assert.deepStrictEqual(
                await checkResource(
                    iamNoPrivilegeEscalation,
                    rolePolicy(
                        doc({
                            Sid: "Secrets",
                            Effect: "Allow",
                            Action: ["secretsmanager:GetSecretValue"],
                            Resource: "*",
                        }),
                    ),
                ),
                [
                    'role policy "serving-policy" policy statement "Secrets" allows credentials-exposure ' +
                        'actions secretsmanager:GetSecretValue on Resource "*"; scope them to specific ARNs.',
                ],
            );
            assert.deepStrictEqual(
                await checkResource(
                    iamNoPrivilegeEscalation,
                    rolePolicy(
                        doc({
                            Effect: "Allow",
                            Action: "secretsmanager:GetSecretValue",
                            Resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:redshift-x`,
                        }),
                    ),
                ),
                [],
            );
        },
    );

    it("invariant-no-aws-managed-policy reports attachments and managedPolicyArns, *FullAccess included", async () => {
        const reported = await checkStack(invariantNoAwsManagedPolicy, [
            {
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name: "a",
                props: { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess" },
            },
            {
                type: "aws:iam/role:Role",
                name: "r",
                props: { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
            },
            {
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name: "own",
                props: { role: "r", policyArn: `arn:aws:iam::${ACCOUNT}:policy/MyFullAccess` },
            },
        ]);
        assert.deepStrictEqual(messages(reported), [
            '"a" attaches the AWS-managed policy arn:aws:iam::aws:policy/AmazonSageMakerFullAccess; ' +
                "use a scoped policy.",
            '"r" attaches the AWS-managed policy arn:aws:iam::aws:policy/AdministratorAccess; use a scoped policy.',
        ]);
    });

    it("iam-kms-decrypt-scoped reports decrypt on all keys, directly or through kms:*", async () => {
        assert.deepStrictEqual(
            await checkResource(
                iamKmsDecryptScoped,
                rolePolicy(doc({ Sid: "Kms", Effect: "Allow", Action: "kms:Decrypt", Resource: "*" })),
            ),
            [
                'role policy "serving-policy" policy statement "Kms" allows kms:Decrypt on all KMS keys; ' +
                    "set Resource to the stack's key ARN.",
            ],
        );
        assert.deepStrictEqual(
            await checkResource(
                iamKmsDecryptScoped,
                rolePolicy(doc({ Sid: "Kms", Effect: "Allow", Action: ["kms:*"], Resource: ["*"] })),
            ),
            [
                'role policy "serving-policy" policy statement "Kms" allows kms:Decrypt, kms:ReEncryptFrom ' +
                    "and kms:GenerateDataKey on all KMS keys; set Resource to the stack's key ARN.",
            ],
        );
    });

    describe("iam-trust-policy", () => {
        const role = (assumeRolePolicy: string) => ({
            type: "aws:iam/role:Role",
            name: "serving",
            props: { assumeRolePolicy },
        });
        const trust = {
            Sid: "SageMaker",
            Effect: "Allow",
            Principal: { Service: "sagemaker.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        };
        it("passes a service principal with aws:SourceAccount (or aws:SourceArn)", async () => {
            assert.deepStrictEqual(await checkResource(iamTrustPolicy, role(doc(trust))), []);
            assert.deepStrictEqual(
                await checkResource(
                    iamTrustPolicy,
                    role(
                        doc({
                            ...trust,
                            Condition: {
                                ArnLike: { "aws:SourceArn": `arn:aws:airflow:us-east-1:${ACCOUNT}:environment/*` },
                            },
                        }),
                    ),
                ),
                [],
            );
        });
        it("reports a service principal without the confused-deputy condition", async () => {
            assert.deepStrictEqual(await checkResource(iamTrustPolicy, role(doc({ ...trust, Condition: undefined }))), [
                'role "serving" assumeRolePolicy statement "SageMaker" trusts sagemaker.amazonaws.com ' +
                    "without an aws:SourceAccount or aws:SourceArn condition; add one.",
            ]);
        });
        it("reports Principal *", async () => {
            assert.deepStrictEqual(
                await checkResource(iamTrustPolicy, role(doc({ ...trust, Principal: { AWS: "*" } }))),
                [
                    'role "serving" assumeRolePolicy statement "SageMaker" trusts Principal "*"; name the ' +
                        "principals that may assume the role.",
                ],
            );
        });
    });

    describe("iam-passrole-scoped", () => {
        const pass = {
            Sid: "PassServing",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: SERVING_ROLE,
            Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
        };
        const stack = (statement: object): StackResource[] => [
            { type: "aws:iam/role:Role", name: "serving", props: { arn: SERVING_ROLE, name: "serving-abc1234" } },
            {
                type: "aws:iam/role:Role",
                name: "airflow",
                props: { arn: `arn:aws:iam::${ACCOUNT}:role/airflow-abc1234` },
            },
            {
                type: "aws:iam/rolePolicy:RolePolicy",
                name: "airflow-policy",
                props: { role: "airflow-abc1234", policy: doc(statement) },
            },
        ];
        const urn = urnOf("aws:iam/rolePolicy:RolePolicy", "airflow-policy");
        it("passes PassRole on the stack's role with iam:PassedToService", async () => {
            assert.deepStrictEqual(await checkStack(iamPassRoleScoped, stack(pass)), []);
        });
        it("reports PassRole on * (also via iam:*) and on a foreign role", async () => {
            assert.deepStrictEqual(
                await checkStack(iamPassRoleScoped, stack({ ...pass, Action: "iam:*", Resource: "*" })),
                [
                    {
                        message:
                            'role policy "airflow-policy" policy statement "PassServing" allows ' +
                            'iam:PassRole on "*", which is not a role of this stack; list the stack\'s ' +
                            "role ARNs.",
                        urn,
                    },
                ],
            );
            assert.deepStrictEqual(
                await checkStack(
                    iamPassRoleScoped,
                    stack({ ...pass, Resource: [SERVING_ROLE, `arn:aws:iam::${ACCOUNT}:role/admin`] }),
                ),
                [
                    {
                        message:
                            `role policy "airflow-policy" policy statement "PassServing" allows iam:PassRole ` +
                            `on "arn:aws:iam::${ACCOUNT}:role/admin", which is not a role of this stack; list ` +
                            `the stack's role ARNs.`,
                        urn,
                    },
                ],
            );
        });
        it("reports PassRole without iam:PassedToService", async () => {
            assert.deepStrictEqual(await checkStack(iamPassRoleScoped, stack({ ...pass, Condition: undefined })), [
                {
                    message:
                        'role policy "airflow-policy" policy statement "PassServing" allows iam:PassRole ' +
                        "without an iam:PassedToService condition; add one naming the service.",
                    urn,
                },
            ]);
        });
    });
});

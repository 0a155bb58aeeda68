import * as assert from "assert";
import {
    ecrImmutableTags,
    ecrKmsEncryption,
    ecrLifecyclePolicy,
    ecrRepositoryPolicyNotPublic,
    ecrScanOnPush,
} from "../../policies/rules/ecr";
import { StackResource, checkResource, checkStack, messages, withChange } from "./harness";

const REPO = "aws:ecr/repository:Repository";
const repo = {
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "arn:aws:kms:us-east-1:123456789012:key/1111" }],
};
const res = (props: Record<string, unknown>) => ({ type: REPO, name: "serving", props });

describe("policies/ecr", () => {
    it("the ModelRegistry repository passes every resource rule", async () => {
        for (const policy of [ecrScanOnPush, ecrImmutableTags, ecrKmsEncryption])
            assert.deepStrictEqual(await checkResource(policy, res(repo)), [], policy.name);
    });
    it("ecr-scan-on-push reports scanning off", async () => {
        assert.deepStrictEqual(
            await checkResource(ecrScanOnPush, res(withChange(repo, "imageScanningConfiguration", undefined))),
            ['repository "serving" does not scan on push; set imageScanningConfiguration.scanOnPush to true.'],
        );
    });
    it("ecr-immutable-tags reports mutable tags, explicit or by default", async () => {
        const expected = ['repository "serving" has MUTABLE tags; set imageTagMutability to "IMMUTABLE".'];
        assert.deepStrictEqual(
            await checkResource(ecrImmutableTags, res(withChange(repo, "imageTagMutability", "MUTABLE"))),
            expected,
        );
        assert.deepStrictEqual(
            await checkResource(ecrImmutableTags, res(withChange(repo, "imageTagMutability", undefined))),
            expected,
        );
    });
    it("ecr-kms-encryption reports AES256 and the AWS-managed key", async () => {
        assert.deepStrictEqual(
            await checkResource(
                ecrKmsEncryption,
                res(withChange(repo, "encryptionConfigurations", [{ encryptionType: "AES256" }])),
            ),
            [
                'repository "serving" uses AES256 encryption; set encryptionConfigurations to ' +
                    'encryptionType "KMS" with the stack\'s kmsKey.',
            ],
        );
        assert.deepStrictEqual(
            await checkResource(
                ecrKmsEncryption,
                res(withChange(repo, "encryptionConfigurations", [{ encryptionType: "KMS" }])),
            ),
            [
                'repository "serving" uses the AWS-managed aws/ecr key; set ' +
                    "encryptionConfigurations[0].kmsKey to the stack's key.",
            ],
        );
    });

    describe("ecr-lifecycle-policy", () => {
        const lifecycle = JSON.stringify({
            rules: [
                {
                    rulePriority: 1,
                    selection: {
                        tagStatus: "untagged",
                        countType: "sinceImagePushed",
                        countUnit: "days",
                        countNumber: 1,
                    },
                    action: { type: "expire" },
                },
            ],
        });
        const stack = (policy?: string): StackResource[] => [
            { type: REPO, name: "serving", props: { ...repo, name: "serving-abc1234" } },
            ...(policy === undefined
                ? []
                : [
                      {
                          type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
                          name: "serving-lifecycle",
                          deps: { repository: ["serving"] },
                          props: { repository: "serving-abc1234", policy },
                      },
                  ]),
        ];
        it("passes a repository with rules", async () => {
            assert.deepStrictEqual(await checkStack(ecrLifecyclePolicy, stack(lifecycle)), []);
        });
        it("reports a missing lifecycle policy and one without rules", async () => {
            assert.deepStrictEqual(messages(await checkStack(ecrLifecyclePolicy, stack())), [
                'repository "serving" has no LifecyclePolicy; add one that expires old images.',
            ]);
            assert.deepStrictEqual(
                messages(await checkStack(ecrLifecyclePolicy, stack(JSON.stringify({ rules: [] })))),
                ['repository "serving": LifecyclePolicy "serving-lifecycle" has no rules.'],
            );
        });
    });

    describe("ecr-repository-policy-not-public", () => {
        const policy = (principal: unknown) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "Pull",
                        Effect: "Allow",
                        Principal: principal,
                        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                    },
                ],
            });
        const rp = (principal: unknown) => ({
            type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
            name: "serving-policy",
            props: { repository: "serving", policy: policy(principal) },
        });
        it("passes pull limited to the serving role", async () => {
            assert.deepStrictEqual(
                await checkResource(
                    ecrRepositoryPolicyNotPublic,
                    rp({ AWS: "arn:aws:iam::123456789012:role/serving" }),
                ),
                [],
            );
        });
        it("reports Principal *", async () => {
            assert.deepStrictEqual(await checkResource(ecrRepositoryPolicyNotPublic, rp("*")), [
                'repository policy "serving-policy" statement "Pull" allows Principal "*"; name the roles ' +
                    "that may pull.",
            ]);
        });
    });
});

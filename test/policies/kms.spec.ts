import * as assert from "assert";
import { kmsKeyDeletionWindow, kmsKeyPolicyNoWildcardPrincipal, kmsKeyRotation } from "../../policies/rules/kms";
import { checkResource, withChange } from "./harness";

const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "Root",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: "kms:*",
            Resource: "*",
        },
        {
            Sid: "Logs",
            Effect: "Allow",
            Principal: { Service: "logs.us-east-1.amazonaws.com" },
            Action: ["kms:Encrypt*", "kms:Decrypt*"],
            Resource: "*",
        },
    ],
});
const key = { description: "mlops-platform dev data key", enableKeyRotation: true, deletionWindowInDays: 30, policy };
const res = (props: Record<string, unknown>) => ({ type: "aws:kms/key:Key", name: "data-key", props });

describe("policies/kms", () => {
    it("the EncryptionKey passes every rule", async () => {
        for (const p of [kmsKeyRotation, kmsKeyPolicyNoWildcardPrincipal, kmsKeyDeletionWindow])
            assert.deepStrictEqual(await checkResource(p, res(key)), [], p.name);
    });
    it("kms-key-rotation reports rotation off, but not for asymmetric keys", async () => {
        assert.deepStrictEqual(
            await checkResource(kmsKeyRotation, res(withChange(key, "enableKeyRotation", undefined))),
            ['KMS key "data-key" does not rotate; set enableKeyRotation to true.'],
        );
        assert.deepStrictEqual(
            await checkResource(
                kmsKeyRotation,
                res({ ...key, enableKeyRotation: false, customerMasterKeySpec: "RSA_2048" }),
            ),
            [],
        );
    });
    it("kms-key-policy-no-wildcard-principal reports Principal *", async () => {
        const open = JSON.parse(policy);
        open.Statement[1].Principal = "*";
        assert.deepStrictEqual(
            await checkResource(kmsKeyPolicyNoWildcardPrincipal, res({ ...key, policy: JSON.stringify(open) })),
            ['KMS key "data-key" policy statement "Logs" allows Principal "*"; name the principals.'],
        );
    });
    it("kms-key-deletion-window reports a short window and a missing description", async () => {
        assert.deepStrictEqual(
            await checkResource(kmsKeyDeletionWindow, res(withChange(key, "deletionWindowInDays", 7))),
            ['KMS key "data-key" has a 7-day deletion window; set deletionWindowInDays to at least 14.'],
        );
        assert.deepStrictEqual(
            await checkResource(kmsKeyDeletionWindow, res(withChange(key, "description", undefined))),
            ['KMS key "data-key" has no description; say what it encrypts.'],
        );
    });
});

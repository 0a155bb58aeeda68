/**
 * iam-policy-size-quota: IAM's size quotas on the final documents (10,240 characters of inline
 * policy per role, 6,144 per managed policy, white space not counted —
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
import * as assert from "assert";
import { iamPolicySize, iamPolicySizeQuota } from "../../policies/rules/iamLimits";
import { checkStack, messages } from "./harness";

function document(statements: number): string {
    const Statement = Array.from({ length: statements }, (_, i) => ({
        Sid: `S${i}`,
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::mlops-prod-raw-28c47cb/prefix-${i}/*`,
    }));
    return JSON.stringify({ Version: "2012-10-17", Statement }, null, 2);
}

describe("policies/iam limits", () => {
    it("counts characters without white space", () => {
        assert.strictEqual(iamPolicySize('{ "a" : [ 1, 2 ] }'), '{"a":[1,2]}'.length);
    });

    it("passes a role whose inline policies fit, reports one past 10,240 characters in total", async () => {
        const small = document(20);
        assert.deepStrictEqual(
            messages(
                await checkStack(iamPolicySizeQuota, [
                    { type: "aws:iam/rolePolicy:RolePolicy", name: "a", props: { role: "r1", policy: small } },
                ]),
            ),
            [],
        );
        const half = document(60);
        const total = iamPolicySize(half) * 2;
        assert.ok(total > 10_240, `${total}`);
        assert.deepStrictEqual(
            messages(
                await checkStack(iamPolicySizeQuota, [
                    { type: "aws:iam/rolePolicy:RolePolicy", name: "a", props: { role: "r1", policy: half } },
                    { type: "aws:iam/rolePolicy:RolePolicy", name: "b", props: { role: "r1", policy: half } },
                ]),
            ),
            [
                `role r1 has ${total} characters of inline policy; IAM allows 10240 per role. Move grants ` +
                    `to customer managed policies.`,
            ],
        );
    });

    it("reports a managed policy past 6,144 characters", async () => {
        const big = document(70);
        const size = iamPolicySize(big);
        assert.ok(size > 6_144);
        assert.deepStrictEqual(
            messages(
                await checkStack(iamPolicySizeQuota, [
                    { type: "aws:iam/policy:Policy", name: "m", props: { policy: big } },
                ]),
            ),
            [`managed policy "m" is ${size} characters; IAM allows 6144. Split it.`],
        );
    });
});

import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { ModelRegistry } from "../../components/serving/modelRegistry";
import { SecureBucket } from "../../components/storage/secureBucket";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-4333-a444-555555555555";

describe("resource options given to a component reach its children", () => {
    let rec: ResourceRecorder;
    before(async () => {
        rec = startMockRun({ stack: "dev" });
        const ireland = new aws.Provider("ireland", { region: "eu-west-1" });
        new SecureBucket(
            "team-bucket",
            { environment: "dev", purpose: "raw", kmsKeyArn: KEY, accessLogBucket: "logs" },
            { providers: [ireland], protect: true },
        );
        new ModelRegistry("team-images", { environment: "dev", kmsKeyArn: KEY }, { providers: { aws: ireland } });
        await settle();
    });

    it("providers: every AWS child uses the team's provider", () => {
        const provider = rec.named("pulumi:providers:aws", "ireland");
        const children = rec.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        assert.ok(children.length >= 10);
        for (const child of children)
            assert.ok(
                child.provider?.startsWith(`${provider.urn}::`),
                `${child.type} ${child.name} uses ${child.provider}`,
            );
    });

    it("protect: a protected component protects its children, even in dev", () => {
        const bucketChildren = rec.resources.filter((r) => r.custom && r.name === "team-bucket");
        assert.strictEqual(bucketChildren.length, 8);
        assert.deepStrictEqual(
            bucketChildren.filter((r) => !r.protect).map((r) => r.type),
            [],
        );
        assert.ok(
            rec.ofType("aws:ecr/repository:Repository").every((r) => !r.protect),
            "an unprotected component stays unprotected in dev",
        );
    });
});

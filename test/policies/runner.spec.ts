/**
 * The policy runner: spawns the compiled pack (bin/policies/index.js) in its folder and speaks the
 * Analyzer gRPC protocol to it over resources recorded under the Pulumi mocks.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlannedResource, settle, startMockRun } from "../../tools/plan/recorder";
import { durationSeconds } from "../../tools/policy/analyzerProtocol";
import { prestartPolicyPack } from "../../tools/policy/packProcess";
import { runPolicyPack } from "../../tools/policy/policyRunner";
import { PolicyRunOptions, PolicyViolation } from "../../tools/policy/types";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";
const OPTIONS: PolicyRunOptions = {
    project: "mlops-platform",
    stack: "dev",
    environment: "dev",
    requiredTags: { team: "ml" },
};

/** Records a small program: a component holding a bucket with only a public access block, and a table. */
async function record(): Promise<readonly PlannedResource[]> {
    const recorder = startMockRun({ stack: "dev" });
    const tags = { environment: "dev", "managed-by": "pulumi", team: "ml" };
    const group = new pulumi.ComponentResource("mlops-platform:index:Fixture", "fixture", {});
    const bucket = new aws.s3.Bucket("raw", { forceDestroy: true, tags }, { parent: group });
    new aws.s3.BucketPublicAccessBlock(
        "raw",
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: false,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        { parent: group },
    );
    new aws.dynamodb.Table(
        "features",
        {
            billingMode: "PAY_PER_REQUEST",
            hashKey: "entity_id",
            attributes: [{ name: "entity_id", type: "S" }],
            serverSideEncryption: { enabled: true, kmsKeyArn: KEY },
            pointInTimeRecovery: { enabled: true },
            tags: { ...tags, team: "other" },
        },
        { parent: group, customTimeouts: { create: "10m" } },
    );
    await settle();
    return recorder.resources;
}

/** `policy name → resource name` pairs, sorted, for compact assertions. */
function pairs(violations: readonly PolicyViolation[]): string[] {
    return violations.map((v) => `${v.enforcementLevel} ${v.policy} ${v.urn.split("::").pop()}`).sort();
}

describe("policies/runner (Analyzer protocol, in-process unless grpc is named)", function () {
    this.timeout(60000);
    let resources: readonly PlannedResource[];
    before(async () => {
        resources = await record();
    });

    it("reports resource and stack policy violations with levels, URNs and messages", async () => {
        const violations = await runPolicyPack(resources, OPTIONS);
        assert.deepStrictEqual(pairs(violations), [
            "advisory s3-access-logging raw",
            "advisory s3-lifecycle raw",
            "mandatory required-tags features",
            "mandatory s3-kms-encryption raw",
            "mandatory s3-no-public-acl raw",
            "mandatory s3-public-access-block raw",
            "mandatory s3-tls-only raw",
            "mandatory s3-versioning raw",
        ]);
        const bucketUrn = resources.find((r) => r.type === "aws:s3/bucket:Bucket")?.urn;
        const pab = resources.find((r) => r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        assert.deepStrictEqual(
            violations.find((v) => v.policy === "s3-public-access-block"),
            {
                policy: "s3-public-access-block",
                enforcementLevel: "mandatory",
                urn: pab?.urn,
                message: 'bucket "raw": set blockPublicPolicy to true on BucketPublicAccessBlock "raw".',
            },
        );
        assert.deepStrictEqual(
            violations.find((v) => v.policy === "required-tags"),
            {
                policy: "required-tags",
                enforcementLevel: "mandatory",
                urn: resources.find((r) => r.type === "aws:dynamodb/table:Table")?.urn,
                message: 'Table "features": tag "team" is "other", expected "ml".',
            },
        );
        assert.strictEqual(violations.find((v) => v.policy === "s3-versioning")?.urn, bucketUrn);
    });

    it("passes the environment to environment-dependent policies", async () => {
        const dev = pairs(await runPolicyPack(resources, OPTIONS));
        const prod = pairs(await runPolicyPack(resources, { ...OPTIONS, stack: "prod", environment: "prod" }));
        assert.deepStrictEqual(
            prod.filter((p) => !dev.includes(p)),
            [
                "mandatory dynamodb-deletion-protection-in-prod features",
                "mandatory prod-stateful-protected features",
                "mandatory prod-stateful-protected raw",
                // The required environment tag is now "prod".
                "mandatory required-tags raw",
                "mandatory s3-no-force-destroy-in-prod raw",
            ],
        );
    });

    it("uses a prestarted pack when the options match", async () => {
        // Prestarting is the pack process's (grpc mode); the default in-process mode has no process.
        const options: PolicyRunOptions = { ...OPTIONS, stack: "prestarted", policyMode: "grpc" };
        const pid = prestartPolicyPack(options);
        assert.ok(pid !== undefined);
        assert.strictEqual(prestartPolicyPack(options), pid, "a second prestart reuses the first");
        const violations = await runPolicyPack(resources, options);
        assert.deepStrictEqual(pairs(violations), pairs(await runPolicyPack(resources, OPTIONS)));
        // The run used (and then stopped) the prestarted process.
        const alive = () => {
            try {
                process.kill(pid, 0);
                return true;
            } catch {
                return false;
            }
        };
        for (let i = 0; i < 50 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
        assert.strictEqual(alive(), false);
    });

    it("applies a --policy-pack-config style config: all, per-policy levels and disabled", async () => {
        const violations = await runPolicyPack(resources, {
            ...OPTIONS,
            policyConfig: {
                all: "advisory",
                "s3-versioning": "mandatory",
                "s3-tls-only": { enforcementLevel: "disabled" },
                "required-tags": { requiredTags: { team: "other" } },
            },
        });
        assert.deepStrictEqual(pairs(violations), [
            // The policy's own requiredTags win over the stack's: now the bucket is the odd one out.
            "advisory required-tags raw",
            "advisory s3-access-logging raw",
            "advisory s3-kms-encryption raw",
            "advisory s3-lifecycle raw",
            "advisory s3-no-public-acl raw",
            "advisory s3-public-access-block raw",
            "mandatory s3-versioning raw",
        ]);
    });

    it("rejects unknown policy names and levels in the policy config", async () => {
        await assert.rejects(
            runPolicyPack(resources, { ...OPTIONS, policyConfig: { "s3-versoning": "advisory" } }),
            /policy config names unknown policy "s3-versoning"/,
        );
        await assert.rejects(
            runPolicyPack(resources, { ...OPTIONS, policyConfig: { all: "warn" } }),
            /policy config "all": invalid enforcement level "warn"/,
        );
    });

    it("fails clearly when the pack program is missing or crashes on start", async () => {
        await assert.rejects(
            runPolicyPack(resources, { ...OPTIONS, program: "/nonexistent/index.js" }),
            /policy pack program \/nonexistent\/index.js does not exist; run `npm run build` first/,
        );
        await assert.rejects(
            runPolicyPack(resources, { ...OPTIONS, program: "/nonexistent/index.js", policyMode: "grpc" }),
            /policy pack program \/nonexistent\/index.js does not exist; run `npm run build` first/,
        );
        // A crash on start is the pack process's (grpc mode).
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
        fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        fs.writeFileSync(path.join(dir, "index.js"), "console.error('boom: bad pack'); process.exit(3);\n");
        await assert.rejects(
            runPolicyPack(resources, {
                ...OPTIONS,
                packDir: dir,
                program: path.join(dir, "index.js"),
                policyMode: "grpc",
            }),
            /failed to start: exited with code 3 before printing its port\nboom: bad pack/,
        );
        fs.rmSync(dir, { recursive: true });
    });

    it("converts Go durations for custom timeouts", () => {
        assert.strictEqual(durationSeconds("10m"), 600);
        assert.strictEqual(durationSeconds("1h30m5s"), 5405);
        assert.strictEqual(durationSeconds(undefined), 0);
    });
});

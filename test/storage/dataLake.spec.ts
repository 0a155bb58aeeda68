import * as assert from "assert";
import { DataLake } from "../../components/storage/dataLake";
import { ResourceRecorder, settle, startMockRun, valueOf } from "../../tools/plan/recorder";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-a444-555555555555";
const PURPOSES = [
    "access-logs",
    "raw",
    "offline-store",
    "feature-registry",
    "model-registry",
    "predictions",
    "data-capture",
];

type Rule = { id: string; expiration?: { days: number } };
const expiryOf = (rec: ResourceRecorder, purpose: string) =>
    (
        rec.named("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `lake-${purpose}`).inputs
            .rules as Rule[]
    ).find((r) => r.id === "expire-objects")?.expiration?.days;

describe("DataLake", () => {
    describe("dev defaults", () => {
        let rec: ResourceRecorder;
        let lake: DataLake;
        before(async () => {
            rec = startMockRun({ stack: "dev" });
            lake = new DataLake("lake", { environment: "dev", kmsKeyArn: KEY });
            await settle();
        });

        it("creates seven secure buckets, one per purpose", () => {
            const buckets = rec.ofType("mlops-platform:index:SecureBucket").map((b) => b.name);
            assert.deepStrictEqual(
                buckets,
                PURPOSES.map((p) => `lake-${p}`),
            );
            assert.strictEqual(rec.ofType("aws:s3/bucket:Bucket").length, 7);
        });

        it("logs every data bucket to the access-log bucket", async () => {
            const logBucket = await valueOf(lake.accessLogs.name);
            const logging = rec.ofType("aws:s3/bucketLogging:BucketLogging");
            assert.deepStrictEqual(
                logging.map((l) => [l.name, l.inputs.targetBucket, l.inputs.targetPrefix]),
                PURPOSES.slice(1).map((p) => [`lake-${p}`, logBucket, `${p}/`]),
            );
        });

        it("applies retention from the dev profile", () => {
            assert.deepStrictEqual(
                PURPOSES.map((p) => expiryOf(rec, p)),
                [30, undefined, undefined, undefined, undefined, 30, 14],
            );
        });

        it("outputs bucket names by purpose", async () => {
            const names = await valueOf(lake.bucketNames);
            assert.deepStrictEqual(Object.keys(names), [
                "accessLogs",
                "raw",
                "offlineStore",
                "featureRegistry",
                "modelRegistry",
                "predictions",
                "dataCapture",
            ]);
            assert.match(names.raw, /^lake-raw-[0-9a-f]{7}$/);
        });
    });

    describe("prod with configured retention", () => {
        let rec: ResourceRecorder;
        before(async () => {
            rec = startMockRun({ stack: "prod" });
            new DataLake("lake", {
                environment: "prod",
                kmsKeyArn: KEY,
                predictionsRetentionDays: 400,
                captureRetentionDays: 120,
                rawRetentionDays: 1000,
            });
            await settle();
        });

        it("uses configured retention over profile defaults", () => {
            assert.deepStrictEqual(
                PURPOSES.map((p) => expiryOf(rec, p)),
                [365, 1000, undefined, undefined, undefined, 400, 120],
            );
        });

        it("protects and retains every bucket", () => {
            assert.ok(
                rec
                    .ofType("aws:s3/bucket:Bucket")
                    .every((b) => b.protect && b.retainOnDelete && b.inputs.forceDestroy === false),
            );
        });
    });
});

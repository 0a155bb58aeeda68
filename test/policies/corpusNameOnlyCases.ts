/**
 * Corpus cases: protections that are on in name only (issue 15) — the resource or setting that
 * names the protection is still planned, but one value inside it switches the protection off.
 */
import { Case, KEY, Props } from "./corpusPlan";

const TABLE = "dynamodb/table:Table";
const CONFIG = "EndpointConfiguration";
const capture = (c: Props) => c.dataCaptureConfig as Props;

/** Cases of the "on in name only" class. */
export const NAME_ONLY_CASES: Case[] = [
    {
        cls: "nameOnly",
        change: "BucketVersioning kept, status Suspended",
        policy: "s3-versioning",
        apply: (p) =>
            p.edit("BucketVersioning", (v) => ((v.versioningConfiguration as Props).status = "Suspended"), "raw"),
    },
    {
        cls: "nameOnly",
        change: "BucketPublicAccessBlock kept, restrictPublicBuckets false",
        policy: "s3-public-access-block",
        apply: (p) => p.edit("BucketPublicAccessBlock", (b) => (b.restrictPublicBuckets = false), "model-registry"),
    },
    {
        cls: "nameOnly",
        change: "pointInTimeRecovery block kept, enabled false",
        policy: "dynamodb-point-in-time-recovery",
        apply: (p) => p.edit(TABLE, (t) => ((t.pointInTimeRecovery as Props).enabled = false)),
    },
    {
        cls: "nameOnly",
        change: "prod table with deletionProtectionEnabled false",
        policy: "dynamodb-deletion-protection-in-prod",
        apply: (p) => p.edit(TABLE, (t) => (t.deletionProtectionEnabled = false)),
    },
    {
        cls: "nameOnly",
        change: "stack key with enableKeyRotation false",
        policy: "kms-key-rotation",
        apply: (p) => p.edit(KEY, (k) => (k.enableKeyRotation = false)),
    },
    {
        cls: "nameOnly",
        change: "ECR repository scanning block kept, scanOnPush false",
        policy: "ecr-scan-on-push",
        apply: (p) =>
            p.edit("ecr/repository:Repository", (r) => ((r.imageScanningConfiguration as Props).scanOnPush = false)),
    },
    {
        cls: "nameOnly",
        change: "dataCaptureConfig kept, enableCapture false",
        policy: "sagemaker-prod-data-capture",
        apply: (p) => p.edit(CONFIG, (c) => (capture(c).enableCapture = false)),
    },
    {
        cls: "nameOnly",
        change: "data capture enabled at 0% sampling",
        policy: "invariant-detective-controls-on",
        apply: (p) => p.edit(CONFIG, (c) => (capture(c).initialSamplingPercentage = 0)),
    },
];

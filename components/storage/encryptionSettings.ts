/** `mlops-platform:encryption`: the stack's KMS key, created or brought. */
import { z } from "zod";
import { PerEnvironment } from "../core/environment";
import type { Integer } from "../core/schemaPrimitives";

/** Defaults of the stack key per environment. */
export const ENCRYPTION_DEFAULTS: PerEnvironment<{
    /** KMS key deletion window in days (7–30). */
    readonly kmsDeletionWindowDays: Integer;
}> = {
    dev: { kmsDeletionWindowDays: 7 },
    staging: { kmsDeletionWindowDays: 14 },
    prod: { kmsDeletionWindowDays: 30 },
};

/** A single-Region KMS key id: a UUID. */
const SINGLE_REGION_KEY_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** A multi-Region KMS key id: `mrk-` and 32 hex digits. */
const MULTI_REGION_KEY_ID = "mrk-[0-9a-f]{32}";
/** A KMS key ARN (any partition) naming the key by id, never by alias. */
const KMS_KEY_ARN = new RegExp(
    `^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/(${SINGLE_REGION_KEY_ID}|${MULTI_REGION_KEY_ID})$`,
);

/** Schema of `mlops-platform:encryption`. */
export const encryptionSchema = z.strictObject({
    kmsKeyArn: z
        .string()
        // Single-Region keys have a UUID id, multi-Region keys `mrk-` + 32 hex digits
        // (https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html:
        // "arn:aws:kms:us-east-2:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab").
        .regex(KMS_KEY_ARN, {
            error:
                "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<uuid> or key/mrk-<32 hex> for " +
                "a multi-Region key); aliases are not accepted",
        })
        .optional(),
});

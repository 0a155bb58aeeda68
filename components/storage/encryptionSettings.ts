/** `mlops-platform:encryption`: the stack's KMS key, created or brought. */
import { z } from "zod";
import { PerEnvironment } from "../core/environment";

/** Defaults of the stack key per environment. */
export const ENCRYPTION_DEFAULTS: PerEnvironment<{
    /** KMS key deletion window in days (7–30). */
    readonly kmsDeletionWindowDays: number;
}> = {
    dev: { kmsDeletionWindowDays: 7 },
    staging: { kmsDeletionWindowDays: 14 },
    prod: { kmsDeletionWindowDays: 30 },
};

/** Schema of `mlops-platform:encryption`. */
export const encryptionSchema = z.strictObject({
    kmsKeyArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, {
            error: "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<uuid>); aliases are not accepted",
        })
        .optional(),
});

/** Schema pieces several config sections share. Names and limits follow the AWS/Feast rules they protect. */
import { z } from "zod";

/** Lower-case identifier usable as a Glue database/table name and a Feast object name. */
export const identifier = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, {
    error: "must start with a lower-case letter and contain only a-z, 0-9 and _ (max 63 characters)",
});

/** A retention period in days (S3 lifecycle expirations accept up to ten years here). */
export const positiveDays = z.number().int().min(1).max(3650);

/** An EC2 resource id such as `vpc-0123456789abcdef0`. */
export const awsId = (prefix: string) =>
    z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), { error: `must look like ${prefix}-0123456789abcdef0` });

/** A path inside the project (no absolute paths, no `..`). */
export const relativePath = z
    .string()
    .min(1)
    .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), { error: "must be a path inside the project" });

/**
 * A whole number (a count, a size, a duration). TypeScript has only `number`; args interfaces
 * declare counts as `Integer` so the shipped package schema types them `integer` (an int in
 * Python, Go and C#) rather than a float (tools/package/sourceFacts.ts reads this alias).
 */
export type Integer = number;

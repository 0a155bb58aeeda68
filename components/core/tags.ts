/** The stack's tags: the ones the platform sets itself and the config section that adds more. */
import { z } from "zod";
import { Environment } from "./environment";

/** Tag keys the platform sets itself (and the policy pack checks); config may not override them. */
const RESERVED_TAG_KEYS = ["environment", "managed-by"];

/** `mlops-platform:tags`: extra tags on every taggable resource. */
export const tagsSchema = z.record(
    z
        .string()
        .regex(/^[\w .:/=+\-@]{1,128}$/, {
            error: "tag keys are 1-128 characters of letters, digits, spaces and _.:/=+-@",
        })
        .refine((k) => !RESERVED_TAG_KEYS.includes(k), {
            error: `is set by the platform (${RESERVED_TAG_KEYS.join(", ")} are reserved)`,
        })
        .refine((k) => !k.toLowerCase().startsWith("aws:") && !k.startsWith("mlops-platform:"), {
            error: "the aws: and mlops-platform: prefixes are reserved",
        }),
    z.string().max(256),
);

/**
 * The tags a component puts on its taggable children: `environment` and `managed-by` (required
 * by the policy pack; they win over a caller tag of the same key) and the caller's.
 */
export function stackTags(
    environment: Environment,
    tags: Readonly<Record<string, string>> = {},
): Record<string, string> {
    return { ...tags, environment, "managed-by": "pulumi" };
}

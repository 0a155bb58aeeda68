/** `mlops-platform:serving.registry`: retention of the serving image repository, with the defaults per environment. */
import { z } from "zod";
import { Environment, PerEnvironment } from "../core/environment";
import type { Integer } from "../core/schemaPrimitives";

/** Image retention settings of the stack config (`mlops-platform:serving.registry`). */
export interface RegistrySettings {
    /** Number of tagged images to keep (older ones expire). Default: 10 in dev, 30 in staging, 100 in prod. */
    readonly keepTaggedImages?: Integer;
    /** Days before untagged images expire. Default: 3 in dev, 7 in staging, 14 in prod. */
    readonly untaggedExpiryDays?: Integer;
}

/** Repository defaults per environment. */
export const REGISTRY_DEFAULTS: PerEnvironment<{
    /** ECR: number of tagged images to keep. */
    readonly keepTaggedImages: Integer;
    /** ECR: days before untagged images expire. */
    readonly untaggedExpiryDays: Integer;
    /** `pulumi destroy` may delete a repository that still holds images (never in prod). */
    readonly forceDelete: boolean;
}> = {
    dev: { keepTaggedImages: 10, untaggedExpiryDays: 3, forceDelete: true },
    staging: { keepTaggedImages: 30, untaggedExpiryDays: 7, forceDelete: true },
    prod: { keepTaggedImages: 100, untaggedExpiryDays: 14, forceDelete: false },
};

/** Schema of `mlops-platform:serving.registry`. */
export const registrySchema = z.strictObject({
    keepTaggedImages: z.number().int().min(1).max(1000).optional(),
    untaggedExpiryDays: z.number().int().min(1).max(365).optional(),
});

/** The plain arguments `ModelRegistry` validates before any resource is registered. */
export const registryArgsSchema = registrySchema.extend({
    repositoryName: z
        .string()
        .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, {
            error: "must be 2-256 lower-case letters, digits and . _ - / (ECR repository name rules)",
        })
        .min(2)
        .max(256)
        .optional(),
});

/** Applies the environment's defaults to the registry settings (pure; no resources). */
export function resolveRegistrySettings(
    environment: Environment,
    s: RegistrySettings,
): Required<RegistrySettings> & { readonly forceDelete: boolean } {
    const d = REGISTRY_DEFAULTS[environment];
    return {
        keepTaggedImages: s.keepTaggedImages ?? d.keepTaggedImages,
        untaggedExpiryDays: s.untaggedExpiryDays ?? d.untaggedExpiryDays,
        forceDelete: d.forceDelete,
    };
}

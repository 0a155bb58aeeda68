/**
 * Model lineage: the identity every SageMaker Model carries as tags and container environment, so
 * each prediction (the container can log it) and each captured record (capture names the
 * endpoint and variant; the variant's Model names the rest) can name the model that made it.
 * Pure data: the verifier imports it to check the live Models.
 */

/** Tag keys of a Model's lineage. */
export const LINEAGE_TAGS = {
    /** `tag:<tag>` or `sha256:<digest>` of the serving image. */
    image: "mlops-platform:model-image",
    /** Key of the model archive in the model-registry bucket, or `none` when the model is in the image. */
    artifact: "mlops-platform:model-artifact",
    /** Variant the Model serves. */
    variant: "mlops-platform:variant",
    /** `<group>/<version>` of the model package version the Model serves (only when it serves one). */
    package: "mlops-platform:model-package",
} as const;

/** Container environment variables of a Model's lineage. */
export const LINEAGE_ENV = {
    image: "MODEL_IMAGE",
    artifact: "MODEL_ARTIFACT_KEY",
    variant: "MODEL_VARIANT",
    package: "MODEL_PACKAGE",
} as const;

/** The identity of the model one variant serves. */
export interface ModelLineage {
    /** `tag:<tag>` or the image digest. */
    readonly image: string;
    /** Artifact key in the model-registry bucket, or `none`. */
    readonly artifact: string;
    /** The variant whose Model carries this lineage. */
    readonly variant: string;
    /** `<group>/<version>` of the served model package version, when the variant serves one. */
    readonly package?: string;
}

/** What a variant's Model is made of: the image's tag or digest, for a model package `package`. */
export const FROM_PACKAGE = "package";

/**
 * The lineage of a variant: its image reference and its artifact key (prefix included), or the
 * model package version (`<group>/<version>`) that names both.
 */
export function modelLineage(
    image: { readonly tag?: string; readonly digest?: string },
    variant: string,
    artifactKey?: string,
    modelPackage?: string,
): ModelLineage {
    if (modelPackage !== undefined) {
        return { image: FROM_PACKAGE, artifact: FROM_PACKAGE, variant, package: modelPackage };
    }
    return {
        image: image.digest ?? `tag:${image.tag}`,
        artifact: artifactKey ?? "none",
        variant,
    };
}

/** Lineage as Model tags (values fit AWS's tag rules: ≤ 256 of letters, digits and `+-=._:/@`). */
export function lineageTags(l: ModelLineage): Record<string, string> {
    return {
        [LINEAGE_TAGS.image]: l.image,
        [LINEAGE_TAGS.artifact]: l.artifact,
        [LINEAGE_TAGS.variant]: l.variant,
        ...(l.package !== undefined ? { [LINEAGE_TAGS.package]: l.package } : {}),
    };
}

/** Lineage as container environment. */
export function lineageEnvironment(l: ModelLineage): Record<string, string> {
    return {
        [LINEAGE_ENV.image]: l.image,
        [LINEAGE_ENV.artifact]: l.artifact,
        [LINEAGE_ENV.variant]: l.variant,
        ...(l.package !== undefined ? { [LINEAGE_ENV.package]: l.package } : {}),
    };
}

/** A container image in one of the stack's ECR repositories, referenced by tag or by digest (serving and pipelines). */
import { z } from "zod";

/** An image of a repository the stack creates: exactly one of tag or digest. */
export interface ImageReference {
    /** Image tag (the repositories have immutable tags, so a tag names one image). */
    readonly tag?: string;
    /** Image digest (`sha256:<64 hex>`), what `docker push` prints. */
    readonly digest?: string;
}

/** The all-zeros digest shipped in example stack files: a placeholder, never an image. */
export const PLACEHOLDER_DIGEST = `sha256:${"0".repeat(64)}`;

/** Schema of an image reference: a valid tag or digest, exactly one of them. */
export const imageReferenceSchema = z
    .strictObject({
        tag: z
            .string()
            .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { error: "must be a valid image tag" })
            .optional(),
        digest: z
            .string()
            .regex(/^sha256:[a-f0-9]{64}$/, { error: "must be sha256:<64 hex characters>" })
            .optional(),
    })
    .superRefine((i, ctx) => {
        if ((i.tag === undefined) === (i.digest === undefined)) {
            ctx.addIssue({ code: "custom", path: [], message: "set exactly one of tag or digest" });
        }
    });

/** `<repositoryUrl>@<digest>` or `<repositoryUrl>:<tag>`. */
export function imageUri(repositoryUrl: string, image: ImageReference): string {
    return image.digest !== undefined ? `${repositoryUrl}@${image.digest}` : `${repositoryUrl}:${image.tag}`;
}

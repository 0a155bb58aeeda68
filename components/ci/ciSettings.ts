/**
 * `mlops-platform:ci`: the keyless deploy role GitHub Actions assumes (OpenID Connect), with the
 * pure helpers that pin its trust. GitHub's token claims and the AWS setup they need:
 * https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws
 * (the page's current address; its old security-for-github-actions/... path redirects there).
 */
import { z } from "zod";

/** GitHub's OIDC issuer host: the provider URL and the prefix of its condition keys. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience `aws-actions/configure-aws-credentials` requests (its default `audience`). */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** Deploy-role settings of the stack config (`mlops-platform:ci`). */
export interface CiSettings {
    /** Create the deploy role(s). Default: false. */
    readonly enabled?: boolean;
    /** GitHub repository allowed to assume the role, `owner/name` (no wildcards). Required when enabled. */
    readonly repository?: string;
    /** GitHub environments, one role each (the workflow job's `environment:`). Default: the stack's environment. */
    readonly githubEnvironments?: string[];
    /** ARN of an existing GitHub OIDC provider (one per account and URL). Default: create it. */
    readonly oidcProviderArn?: string;
}

const GITHUB_NAME = /^[A-Za-z0-9_.-]+$/;

/** Schema of `mlops-platform:ci`. */
export const ciSchema = z
    .strictObject({
        enabled: z.boolean().optional(),
        repository: z
            .string()
            .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, {
                error: "must be owner/name of one GitHub repository (letters, digits, - _ .; no wildcards)",
            })
            .optional(),
        githubEnvironments: z
            .array(z.string().regex(GITHUB_NAME, { error: "must be a GitHub environment name (no wildcards)" }))
            .min(1)
            .optional(),
        oidcProviderArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/, {
                error: "must be the ARN of the account's token.actions.githubusercontent.com OIDC provider",
            })
            .optional(),
    })
    .superRefine((c, ctx) => {
        if (c.enabled === true && c.repository === undefined)
            ctx.addIssue({ code: "custom", path: ["repository"], message: "is required when ci.enabled is true" });
    });

/**
 * The `sub` claim of a job that runs in `environment` of `repository`: GitHub sets
 * `repo:<owner>/<repo>:environment:<name>` for jobs that reference an environment.
 */
export function githubSubject(repository: string, environment: string): string {
    return `repo:${repository}:environment:${environment}`;
}

/**
 * The call-manifest contract: for every principal the stack creates or relies on, the AWS API
 * calls it makes, each with the resource it touches and the source that says it makes the call.
 * `test/iam/manifests.spec.ts` simulates every call with @cloud-copilot/iam-simulate against the
 * planned identity policies plus the resource policies the call meets (bucket policies, the key
 * policy, the ECR repository policy), expecting Allowed; every `denied` entry expecting Denied;
 * and fails when a planned grant is needed by no call (grants and manifests cannot drift apart).
 */

/**
 * Placeholders resolved against the planned stack (test/iam/planPlaceholders.ts lists them all):
 * `{account}`, `{region}`, `{key}`, `{bucket:offline-store}`, `{table:customer_rfm_features}`, `{role:serving}`, …
 */
export type ResourceTemplate = string;

/** A recorded plan (test/support/recordedPlans.ts). */
export type PlannedStack = "dev" | "prod";

/** One API call a workload makes. */
export interface ManifestCall {
    /** IAM action, e.g. `s3:GetObject`. */
    readonly action: string;
    /** Resource ARN (template) the call is authorized against; `*` for actions without resource-level permissions. */
    readonly resource: ResourceTemplate;
    /** Where the call comes from: Feast module and function at the pinned tag, an AWS doc page, the DAG operator. */
    readonly source: string;
    /** Request context keys the call carries (`kms:ViaService`, `iam:PassedToService`, `s3:prefix`, …). */
    readonly context?: Readonly<Record<string, string | readonly string[]>>;
    /** Stacks whose plan makes this call (a feature one turns on). Default: every stack planning the principal. */
    readonly stacks?: readonly PlannedStack[];
}

/** A call the principal must not be able to make. */
export interface ManifestDenial {
    readonly action: string;
    readonly resource: ResourceTemplate;
    /** Why it must stay denied (escalation, another stack's data, destructive, …). */
    readonly why: string;
    readonly context?: Readonly<Record<string, string | readonly string[]>>;
    /** Stacks where the denial applies. Default: every stack planning the principal. */
    readonly stacks?: readonly PlannedStack[];
}

/** Every call of one principal. */
export interface CallManifest {
    /** Human name of the principal (`MWAA execution role`, `CloudWatch Logs on the stack key`). */
    readonly principal: string;
    /**
     * How to find the principal in the plan (test/iam/manifestChecks.ts):
     * - `role:<suffix>`: the role planned as `<stack>-<suffix>`; its identity policies are its inline
     *   role policies, `inlinePolicies` and attached customer-managed policies;
     * - `service:<principal>`: a service principal acting on a resource policy only
     *   (e.g. `service:logs.{region}.amazonaws.com`);
     * - `account:<name>`: a principal of the account outside the stack (the deployer) whose own policy
     *   allows the call, so that only the stack's resource policy (the key policy) decides.
     */
    readonly selector: string;
    /** What the principal is (one line) and the workflow step(s) it serves. */
    readonly purpose: string;
    readonly calls: readonly ManifestCall[];
    readonly denied: readonly ManifestDenial[];
    /** Stacks that plan the principal. Default: both. */
    readonly stacks?: readonly PlannedStack[];
}

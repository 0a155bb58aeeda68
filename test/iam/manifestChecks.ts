/**
 * The three checks of a call manifest against one planned stack, as pure functions returning one precise
 * message per failure (principal, action, resource, decision, manifest file): every call allowed, every denial
 * denied, every planned grant needed by some call. test/iam/manifests.spec.ts runs them on the dev and prod plans.
 */
import type { PlanDocument } from "../../tools/plan/plan";
import { MANIFESTS, UNNEEDED_GRANT_EXCEPTIONS } from "./manifests";
import type { CallManifest, ManifestCall, ManifestDenial, PlannedStack } from "./manifests/types";
import { Grant, grantsOf, isNeeded, statementGrants } from "./grantCoverage";
import { PlannedRole, plannedRoles, ResourcePolicies } from "./plannedPolicies";
import { PlanContext } from "./planPlaceholders";
import { simulateRequest, SimulatedRequest } from "./simulate";

/** One planned stack, ready for simulation. Tests may swap `roles` to prove the checks catch a change. */
export interface ManifestEnvironment {
    readonly stack: PlannedStack;
    readonly plan: PlanContext;
    readonly roles: readonly PlannedRole[];
    readonly resourcePolicies: ResourcePolicies;
}

/** The environment of a recorded plan run; a failed run fails with its own error, not a missing resource. */
export function recordedEnvironment(
    stack: PlannedStack,
    run: { readonly code: number | null; readonly stderr: string; readonly doc: PlanDocument },
): ManifestEnvironment {
    if (run.code !== 0) throw new Error(`the recorded ${stack} plan failed (exit ${run.code}): ${run.stderr.trim()}`);
    return manifestEnvironment(run.doc);
}

export function manifestEnvironment(doc: PlanDocument): ManifestEnvironment {
    return {
        stack: doc.stack as PlannedStack,
        plan: new PlanContext(doc),
        roles: plannedRoles(doc),
        resourcePolicies: new ResourcePolicies(doc),
    };
}

/** `role:<suffix>` finds the planned role `<stack>-<suffix>`. */
export function roleOf(env: ManifestEnvironment, selector: string): PlannedRole | undefined {
    if (!selector.startsWith("role:")) return undefined;
    const name = `${env.plan.prefix}-${selector.slice("role:".length)}`;
    const role = env.roles.find((r) => r.logicalName === name);
    if (role === undefined) throw new Error(`${env.stack} plans no role ${name} (selector ${selector})`);
    return role;
}

/** Whether the manifest, or one of its entries, applies to this stack. */
export const appliesTo = (env: ManifestEnvironment, item: { readonly stacks?: readonly PlannedStack[] }) =>
    item.stacks === undefined || item.stacks.includes(env.stack);

interface Principal {
    readonly arn: string;
    readonly identityPolicies: readonly unknown[];
    readonly userId?: string;
}

/**
 * `role:` → the role's planned identity policies; `service:<principal>` → none (only resource policies grant);
 * `account:<name>` → a principal of the account outside the stack whose own policy allows everything, so that
 * only the stack's resource policy (the key policy) decides.
 */
function principalOf(env: ManifestEnvironment, selector: string): Principal {
    const role = roleOf(env, selector);
    if (role !== undefined)
        return {
            arn: role.arn,
            identityPolicies: role.identityPolicies.map((p) => p.policy),
            userId: `AROAEXAMPLE:${selector}`,
        };
    if (selector.startsWith("service:")) return { arn: env.plan.resolve(selector.slice(8)), identityPolicies: [] };
    if (selector.startsWith("account:")) {
        const everything = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
        return { arn: `arn:aws:iam::${env.plan.account}:role/${selector.slice(8)}`, identityPolicies: [everything] };
    }
    throw new Error(`selector ${selector}: expected role:, service: or account:`);
}

/** A manifest entry as the request AWS evaluates, with the keys AWS adds to every such request. */
function requestOf(env: ManifestEnvironment, principal: Principal, entry: ManifestCall | ManifestDenial) {
    const resolve = (text: string) => env.plan.resolve(text.replace(/\{userid\}/g, principal.userId ?? "{userid}"));
    const resource = resolve(entry.resource);
    const given = Object.fromEntries(
        Object.entries(entry.context ?? {}).map(([k, v]) => [k, typeof v === "string" ? resolve(v) : v.map(resolve)]),
    );
    const signed = principal.arn.startsWith("arn:");
    const defaults: Record<string, string> = {
        ...(principal.userId !== undefined ? { "aws:userid": principal.userId } : {}),
        ...(signed && entry.action.startsWith("kms:") ? { "kms:CallerAccount": env.plan.account } : {}),
        ...(entry.action.startsWith("s3:") ? { "aws:SecureTransport": "true", "s3:TlsVersion": "1.3" } : {}),
    };
    const request: SimulatedRequest = {
        principal: principal.arn,
        action: entry.action,
        resource,
        // The Celery queue lives in MWAA's account, behind a queue policy of MWAA's: only our side is simulated.
        resourceAccount: env.plan.account,
        identityPolicies: principal.identityPolicies,
        resourcePolicy: env.resourcePolicies.of(resource),
        context: { ...defaults, ...given },
    };
    return { request, givenKeys: Object.keys(given) };
}

const where = (m: CallManifest, file: string) => `${m.principal} [test/iam/manifests/${file}]`;

/** Calls of the manifest that the planned policies do not allow. */
export async function deniedCalls(env: ManifestEnvironment, manifest: CallManifest, file: string): Promise<string[]> {
    const principal = principalOf(env, manifest.selector);
    const failures: string[] = [];
    for (const call of manifest.calls.filter((c) => appliesTo(env, c))) {
        const { request, givenKeys } = requestOf(env, principal, call);
        const outcome = await simulateRequest(request);
        const ignored = givenKeys.filter((k) => outcome.ignoredContextKeys.includes(k));
        if (ignored.length > 0)
            failures.push(
                `${where(manifest, file)}: ${call.action} on ${request.resource} gives context keys AWS ` +
                    `does not send with it: ${ignored.join(", ")}`,
            );
        else if (outcome.decision !== "Allowed")
            failures.push(
                `${where(manifest, file)}: ${call.action} on ${request.resource} is ${outcome.decision}` +
                    ` (needed by ${call.source})`,
            );
    }
    return failures;
}

/** Denials of the manifest that the planned policies allow. */
export async function allowedDenials(
    env: ManifestEnvironment,
    manifest: CallManifest,
    file: string,
): Promise<string[]> {
    const principal = principalOf(env, manifest.selector);
    const failures: string[] = [];
    for (const denial of manifest.denied.filter((d) => appliesTo(env, d))) {
        const { request } = requestOf(env, principal, denial);
        const outcome = await simulateRequest(request);
        if (outcome.decision === "Allowed")
            failures.push(
                `${where(manifest, file)}: ${denial.action} on ${request.resource} is Allowed, must not be ` +
                    `(${denial.why})`,
            );
    }
    return failures;
}

/** Key of an unneeded-grant exception: `<selector> <Sid> <action or resource template>`. */
export const exceptionKey = (selector: string, sid: string, part: string) => `${selector} ${sid} ${part}`;

/** A planned resource written back as its template (exception keys hold no account-specific ARN). */
function templateOf(env: ManifestEnvironment, grant: Grant): string {
    return grant.part === "action" ? grant.value : env.plan.templateOf(grant.value);
}

/** Grants of the role `selector` names that no call of any manifest with that selector needs. */
export async function unneededGrants(env: ManifestEnvironment, selector: string): Promise<string[]> {
    const role = roleOf(env, selector);
    if (role === undefined) return [];
    const manifests = MANIFESTS.filter(({ manifest }) => manifest.selector === selector && appliesTo(env, manifest));
    const principal = principalOf(env, selector);
    const requests = manifests.flatMap(({ manifest }) =>
        manifest.calls.filter((c) => appliesTo(env, c)).map((c) => requestOf(env, principal, c).request),
    );
    const files = [...new Set(manifests.map((m) => `test/iam/manifests/${m.file}`))].join(", ");
    const failures: string[] = [];
    for (const grant of grantsOf(role)) {
        if (exceptionKey(selector, grant.sid, templateOf(env, grant)) in UNNEEDED_GRANT_EXCEPTIONS) continue;
        if (!(await isNeeded(grant, requests, "identity")))
            failures.push(
                `${selector} (${role.logicalName}, ${grant.policyName}): ${grant.sid} grants ` +
                    `${grant.part} ${grant.value}, which no call in ${files} needs`,
            );
    }
    return failures;
}

/** Selector under which key-policy exceptions are keyed. */
export const KEY_POLICY = "key-policy";

/** Elements of the stack key's policy that no call of any manifest (on the key) needs. */
export async function unneededKeyPolicyGrants(env: ManifestEnvironment): Promise<string[]> {
    const key = env.plan.resolve("{key}");
    const keyPolicy = env.resourcePolicies.of(key);
    if (keyPolicy === undefined) throw new Error(`${env.stack}: the key has no planned key policy`);
    const requests = MANIFESTS.filter(({ manifest }) => appliesTo(env, manifest)).flatMap(({ manifest }) => {
        const principal = principalOf(env, manifest.selector);
        return manifest.calls
            .filter((c) => appliesTo(env, c))
            .map((c) => requestOf(env, principal, c).request)
            .filter((r) => r.resource === key);
    });
    const failures: string[] = [];
    for (const grant of statementGrants("key policy", keyPolicy.Statement)) {
        if (exceptionKey(KEY_POLICY, grant.sid, templateOf(env, grant)) in UNNEEDED_GRANT_EXCEPTIONS) continue;
        if (exceptionKey(KEY_POLICY, grant.sid, "*") in UNNEEDED_GRANT_EXCEPTIONS) continue;
        if (!(await isNeeded(grant, requests, "resource")))
            failures.push(
                `key policy of ${key}: ${grant.sid} grants ${grant.part} ${grant.value}, which no call on ` +
                    "the key in test/iam/manifests/ needs",
            );
    }
    return failures;
}

/** Exceptions that match no planned grant in any of the environments (stale entries). */
export function staleExceptions(envs: readonly ManifestEnvironment[]): string[] {
    const planned = new Set(
        envs.flatMap((env) =>
            MANIFESTS.flatMap(({ manifest }) => {
                const role = appliesTo(env, manifest) ? roleOf(env, manifest.selector) : undefined;
                return role
                    ? grantsOf(role).map((g) => exceptionKey(manifest.selector, g.sid, templateOf(env, g)))
                    : [];
            }),
        ),
    );
    for (const env of envs) {
        const keyPolicy = env.resourcePolicies.of(env.plan.resolve("{key}"));
        for (const grant of statementGrants("key policy", keyPolicy?.Statement ?? [])) {
            planned.add(exceptionKey(KEY_POLICY, grant.sid, templateOf(env, grant)));
            planned.add(exceptionKey(KEY_POLICY, grant.sid, "*"));
        }
    }
    return Object.keys(UNNEEDED_GRANT_EXCEPTIONS).filter((key) => !planned.has(key));
}

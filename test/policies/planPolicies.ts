/**
 * Runs every policy of the pack in-process over planned resources (the recorder's output), the way
 * the engine calls them: resource policies on each resource's inputs, stack policies once on the
 * outputs with parents and dependencies joined. Much faster than starting the pack process per
 * case (tools/policy/policyRunner.ts), so a corpus of insecure changes can run each case alone.
 */
import {
    PolicyResource,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { MlopsPolicy } from "../../policies/lib/metadata";
import { allPolicies } from "../../policies/policies";
import { PlannedResource } from "../../tools/plan/recorder";

/** One violation: the policy, its level, the message. */
export interface InProcessViolation {
    readonly policy: string;
    readonly enforcementLevel: string;
    readonly message: string;
}

const OPTIONS = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

function isTypeOf(type: string, cls: unknown): boolean {
    return (cls as { __pulumiType?: string }).__pulumiType === type;
}

class NotApplicable extends Error {}

/** Runs all policies (or `policies`) over `resources` with the policy config `config`. */
export async function runPoliciesInProcess(
    resources: readonly PlannedResource[],
    config: Record<string, unknown>,
    policies: readonly MlopsPolicy[] = allPolicies,
): Promise<InProcessViolation[]> {
    const out: InProcessViolation[] = [];
    const notApplicable = (reason?: string): never => {
        throw new NotApplicable(reason);
    };
    const byUrn = new Map<string, PolicyResource>();
    const stackResources = resources.map((r) => {
        const res: PolicyResource = {
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: unknownCheckingProxy(r.outputs),
            opts: { ...OPTIONS, protect: r.protect },
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? r.outputs : undefined)) as PolicyResource["asType"],
        };
        byUrn.set(r.urn, res);
        return res;
    });
    resources.forEach((r, i) => {
        const res = stackResources[i];
        if (r.parent && byUrn.has(r.parent)) res.parent = byUrn.get(r.parent);
        res.dependencies.push(...r.dependencies.flatMap((u) => (byUrn.has(u) ? [byUrn.get(u)!] : [])));
        for (const [prop, urns] of Object.entries(r.propertyDependencies))
            res.propertyDependencies[prop] = urns.flatMap((u) => (byUrn.has(u) ? [byUrn.get(u)!] : []));
    });
    for (const policy of policies) {
        const level = policy.enforcementLevel;
        const report: ReportViolation = (message) =>
            out.push({ policy: policy.name, enforcementLevel: level, message });
        if ("validateStack" in policy) {
            try {
                await (policy as StackValidationPolicy).validateStack(
                    {
                        resources: stackResources,
                        stackTags: new Map(),
                        getConfig: <T extends object>() => config as T,
                        notApplicable,
                    },
                    report,
                );
            } catch (e) {
                if (!(e instanceof NotApplicable)) throw e;
            }
            continue;
        }
        const validations: ResourceValidation[] = [
            (policy as { validateResource: ResourceValidation | ResourceValidation[] }).validateResource,
        ].flat();
        for (const r of resources) {
            const args: ResourceValidationArgs = {
                type: r.type,
                props: unknownCheckingProxy(r.inputs),
                urn: r.urn,
                name: r.name,
                stackTags: new Map(),
                opts: { ...OPTIONS, protect: r.protect },
                isType: (cls) => isTypeOf(r.type, cls),
                asType: ((cls: unknown) =>
                    isTypeOf(r.type, cls) ? r.inputs : undefined) as ResourceValidationArgs["asType"],
                getConfig: <T extends object>() => config as T,
                notApplicable,
            };
            for (const validate of validations) {
                try {
                    await validate(args, report);
                } catch (e) {
                    if (!(e instanceof NotApplicable)) throw e;
                }
            }
        }
    }
    return out;
}

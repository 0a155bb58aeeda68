/**
 * Runs a single policy of the pack against hand-built resources, the way the policy SDK's server
 * calls it (same args shape), collecting the messages it reports. Pattern of
 * pulumi/compliance-policies unit tests: a compliant resource passes, each single insecure change
 * is reported.
 */
import {
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { MlopsPolicy } from "../../policies/lib/metadata";

/**
 * A value unknown during `pulumi preview` (e.g. an ARN computed on create), as the policy SDK
 * represents it after deserializing (its proxy module is internal, hence the untyped require).
 */
export const UNKNOWN: string = (require("@pulumi/policy/proxy") as { unknownStringValue: string }).unknownStringValue;

/** Project and stack of every test URN. */
export const STACK_PREFIX = "urn:pulumi:dev::mlops-platform::";

/** A URN for a resource of `type` named `name`, optionally under parent types (outermost first). */
export function urnOf(type: string, name: string, parentTypes: readonly string[] = []): string {
    return `${STACK_PREFIX}${[...parentTypes, type].join("$")}::${name}`;
}

/** Options of a test run. */
export interface RunOptions {
    /** Policy config returned by `getConfig()` (e.g. `{ environment: "prod" }`). */
    readonly config?: Record<string, unknown>;
    /** Stack config given as the CLI does (`PULUMI_CONFIG`), e.g. `{ "mlops-platform:tags": "{...}" }`. */
    readonly stackConfig?: Record<string, unknown>;
    /** Stack tags. */
    readonly stackTags?: Record<string, string>;
}

/** A reported violation: message and (for stack policies) the URN named. */
export interface Reported {
    readonly message: string;
    readonly urn?: string;
}

class NotApplicable extends Error {}

function options(protect = false, parent?: string): PolicyResourceOptions {
    return {
        protect,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(parent ? { parent } : {}),
    };
}

function isTypeOf(type: string, cls: unknown): boolean {
    return (cls as { __pulumiType?: string }).__pulumiType === type;
}

async function withStackConfig<T>(stackConfig: Record<string, unknown> | undefined, run: () => Promise<T>): Promise<T> {
    const saved = process.env.PULUMI_CONFIG;
    if (stackConfig) process.env.PULUMI_CONFIG = JSON.stringify(stackConfig);
    else delete process.env.PULUMI_CONFIG;
    try {
        return await run();
    } finally {
        if (saved === undefined) delete process.env.PULUMI_CONFIG;
        else process.env.PULUMI_CONFIG = saved;
    }
}

/** One resource for {@link checkResource}. */
export interface TestResource {
    readonly type: string;
    readonly name?: string;
    readonly props: Record<string, unknown>;
    readonly urn?: string;
    readonly protect?: boolean;
}

/** Runs a resource policy on one resource; returns the messages reported (empty when compliant). */
export async function checkResource(
    policy: MlopsPolicy,
    resource: TestResource,
    run: RunOptions = {},
): Promise<string[]> {
    if (!("validateResource" in policy) || policy.validateResource === undefined)
        throw new Error(`${policy.name} is not a resource policy`);
    const validations: ResourceValidation[] = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
    const name = resource.name ?? "res";
    const messages: string[] = [];
    const report: ReportViolation = (message) => messages.push(message);
    await withStackConfig(run.stackConfig, async () => {
        for (const validate of validations) {
            const args: ResourceValidationArgs = {
                type: resource.type,
                // Wrapped like the SDK's server does: reading an UNKNOWN value throws UnknownValueError.
                props: unknownCheckingProxy(resource.props),
                urn: resource.urn ?? urnOf(resource.type, name),
                name,
                opts: options(resource.protect),
                stackTags: new Map(Object.entries(run.stackTags ?? {})),
                isType: (cls) => isTypeOf(resource.type, cls),
                asType: ((cls: unknown) =>
                    isTypeOf(resource.type, cls) ? resource.props : undefined) as ResourceValidationArgs["asType"],
                getConfig: <T extends object>() => (run.config ?? {}) as T,
                notApplicable: (reason?: string) => {
                    throw new NotApplicable(reason);
                },
            };
            try {
                await validate(args, report);
            } catch (e) {
                if (!(e instanceof NotApplicable)) throw e;
            }
        }
    });
    return messages;
}

/** One resource of a stack for {@link checkStack}; references are by the other resources' names. */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    /** Name of the parent resource. */
    readonly parent?: string;
    /** Property → names of the resources it depends on. */
    readonly deps?: Record<string, string[]>;
    readonly protect?: boolean;
}

/** Runs a stack policy over a set of resources; returns what it reported. */
export async function checkStack(
    policy: MlopsPolicy,
    resources: readonly StackResource[],
    run: RunOptions = {},
): Promise<Reported[]> {
    if (!("validateStack" in policy)) throw new Error(`${policy.name} is not a stack policy`);
    const byName = new Map<string, PolicyResource>();
    const built = resources.map((r) => {
        const urn = urnOf(r.type, r.name);
        const res: PolicyResource = {
            type: r.type,
            name: r.name,
            urn,
            props: unknownCheckingProxy(r.props),
            opts: options(r.protect),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? r.props : undefined)) as PolicyResource["asType"],
        };
        byName.set(r.name, res);
        return res;
    });
    const lookup = (name: string): PolicyResource => {
        const found = byName.get(name);
        if (!found) throw new Error(`test resource ${name} not defined`);
        return found;
    };
    resources.forEach((r, i) => {
        if (r.parent) built[i].parent = lookup(r.parent);
        for (const [prop, names] of Object.entries(r.deps ?? {})) {
            built[i].propertyDependencies[prop] = names.map(lookup);
            built[i].dependencies.push(...names.map(lookup));
        }
    });
    const reported: Reported[] = [];
    await withStackConfig(run.stackConfig, async () => {
        const args: StackValidationArgs = {
            resources: built,
            stackTags: new Map(Object.entries(run.stackTags ?? {})),
            getConfig: <T extends object>() => (run.config ?? {}) as T,
            notApplicable: (reason?: string) => {
                throw new NotApplicable(reason);
            },
        };
        try {
            await (policy as StackValidationPolicy).validateStack(args, (message, urn) =>
                reported.push({ message, ...(urn ? { urn } : {}) }),
            );
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
        }
    });
    return reported;
}

/** Messages only, for assertions that do not care about the URN. */
export function messages(reported: readonly Reported[]): string[] {
    return reported.map((r) => r.message);
}

/** Deep-ish copy with one change applied at a dotted path (`a.b.0.c`); `undefined` deletes. */
export function withChange<T extends Record<string, unknown>>(base: T, dotted: string, value: unknown): T {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    const keys = dotted.split(".");
    let node: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    const last = keys[keys.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
    return copy as T;
}

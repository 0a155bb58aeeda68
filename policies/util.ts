/**
 * Shared helpers for the mlops-platform policy pack: rule metadata, environment and stack config
 * lookup, IAM policy-document parsing, joining resources to their siblings, tag checks.
 *
 * Everything here is plain data manipulation so each policy module stays short and testable.
 */
import {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationPolicy,
    UnknownValueError,
} from "@pulumi/policy";

// ------------------------------------------------------------------------------------------------
// Metadata
// ------------------------------------------------------------------------------------------------

/** A rule as written in POLICY_RULES.md: its text and the public rule IDs that establish it. */
export interface RuleSource {
    /** The rule in one sentence (POLICY_RULES.md wording). */
    readonly rule: string;
    /** Service section of POLICY_RULES.md (`S3`, `IAM`, ...). */
    readonly service: string;
    /** Source IDs: checkov `CKV_…`, Security Hub `S3.8`, trivy `AVD-AWS-…`, cdk-nag `AwsSolutions-…`, or `ML`. */
    readonly sources: readonly string[];
}

/** Framework metadata attached to every policy: where the rule comes from. */
export function framework(source: RuleSource) {
    return {
        framework: {
            name: "mlops-platform",
            version: "1.0",
            reference: `POLICY_RULES.md § ${source.service}`,
            specification: source.rule,
        },
        tags: [source.service.toLowerCase(), ...source.sources],
    };
}

/** A policy of this pack: a CrossGuard policy that always carries remediation steps and sources. */
export type MlopsPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
    readonly enforcementLevel: EnforcementLevel;
    readonly remediationSteps: string;
    readonly tags: string[];
};

// ------------------------------------------------------------------------------------------------
// Environment and stack config
// ------------------------------------------------------------------------------------------------

/** The deployment environments the pack knows. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
/** A deployment environment. */
export type Environment = (typeof ENVIRONMENTS)[number];

/** Config namespace of the stack program. */
export const CONFIG_NAMESPACE = "mlops-platform";

/**
 * Config schema of environment-dependent policies. The plan engine (and a `--policy-pack-config`
 * file) may set `environment` per policy; otherwise the stack config decides (see {@link environmentOf}).
 */
export const ENVIRONMENT_CONFIG: PolicyConfigSchema = {
    properties: {
        environment: { type: "string", enum: [...ENVIRONMENTS], description: "Environment the stack deploys (dev, staging, prod)." },
    },
};

let cachedStackConfig: { raw: string | undefined; parsed: Record<string, unknown> } | undefined;

/**
 * The stack's config as the Pulumi CLI hands it to a policy pack: the `PULUMI_CONFIG` environment
 * variable holds a JSON object of `namespace:key` → value (structured values JSON-encoded).
 */
export function stackConfig(): Record<string, unknown> {
    const raw = process.env.PULUMI_CONFIG;
    if (cachedStackConfig === undefined || cachedStackConfig.raw !== raw) {
        let parsed: Record<string, unknown> = {};
        try {
            const value: unknown = raw ? JSON.parse(raw) : {};
            if (isObject(value)) parsed = value;
        } catch {
            parsed = {};
        }
        cachedStackConfig = { raw, parsed };
    }
    return cachedStackConfig.parsed;
}

/** One stack config value (`mlops-platform:<key>`), JSON-decoded when it is a structured value. */
export function stackConfigValue(key: string): unknown {
    const value = stackConfig()[`${CONFIG_NAMESPACE}:${key}`];
    if (typeof value === "string" && /^\s*[{[]/.test(value)) {
        try {
            return JSON.parse(value) as unknown;
        } catch {
            return value;
        }
    }
    return value;
}

interface ConfigArgs {
    getConfig<T extends object>(): T;
    readonly stackTags: ReadonlyMap<string, string>;
}

function asEnvironment(value: unknown): Environment | undefined {
    return (ENVIRONMENTS as readonly unknown[]).includes(value) ? (value as Environment) : undefined;
}

/**
 * The environment a stack deploys, in order: this policy's config `environment`, the stack config
 * `mlops-platform:environment`, the stack tag `environment`; `prod` when none is set, so a
 * misconfigured run gets the strictest rules rather than the loosest.
 */
export function environmentOf(args: ConfigArgs): Environment {
    return (
        asEnvironment(args.getConfig<{ environment?: string }>().environment) ??
        asEnvironment(stackConfigValue("environment")) ??
        asEnvironment(args.stackTags.get("environment")) ??
        "prod"
    );
}

// ------------------------------------------------------------------------------------------------
// Property access
// ------------------------------------------------------------------------------------------------

/** A plain object (not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An array (of unknown items); a missing value is an empty array. */
export function asArray(value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

/** Objects of an array property (non-objects dropped). */
export function objects(value: unknown): Record<string, unknown>[] {
    return asArray(value).filter(isObject);
}

/** A non-empty string, else undefined. */
export function str(value: unknown): string | undefined {
    return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Whether an error is the policy SDK's "value unknown during preview" error. */
export function isUnknownError(e: unknown): boolean {
    return e instanceof UnknownValueError || (e instanceof Error && e.name === "UnknownValueError");
}

/** Marker {@link peek} returns for a value that is unknown during `pulumi preview`. */
export const UNKNOWN_VALUE: unique symbol = Symbol("unknown during preview");

/** Reads a value, returning {@link UNKNOWN_VALUE} instead of throwing when it is unknown during preview. */
export function peek(read: () => unknown): unknown {
    try {
        return read();
    } catch (e) {
        if (isUnknownError(e)) return UNKNOWN_VALUE;
        throw e;
    }
}

/**
 * Reads a value that may be unknown during `pulumi preview` (the policy SDK's proxy throws
 * {@link UnknownValueError} on access). Used for join keys only: an unknown key is "no match",
 * whereas a rule's own subject may throw so the engine reports "can't run during preview".
 */
export function known<T>(read: () => T): T | undefined {
    const value = peek(read);
    return value === UNKNOWN_VALUE ? undefined : (value as T);
}

/**
 * Whether a value is set: non-empty, or unknown during `pulumi preview` (a computed value such as
 * a key ARN will be set). Used for "is X configured" checks on values that come from other resources.
 */
export function present(read: () => unknown): boolean {
    const value = peek(read);
    if (value === UNKNOWN_VALUE) return true;
    return typeof value === "string" ? value.length > 0 : value !== undefined && value !== null;
}

/** Formats a list of names for a message: `a, b and c`. */
export function list(items: readonly string[]): string {
    if (items.length <= 1) return items.join("");
    return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

// ------------------------------------------------------------------------------------------------
// Joining resources
// ------------------------------------------------------------------------------------------------

/** Identity strings of a resource other resources may hold in an input: id-like outputs and ARN. */
export function identities(resource: PolicyResource, ...keys: string[]): Set<string> {
    const out = new Set<string>();
    for (const key of ["id", "arn", "name", ...keys]) {
        const value = known(() => resource.props[key]);
        if (typeof value === "string" && value.length > 0) out.add(value);
    }
    return out;
}

/**
 * Whether `candidate`'s input `property` refers to `target`: through the property dependencies
 * the engine records (known even when the value is not), else by value.
 */
export function refersTo(candidate: PolicyResource, property: string, target: PolicyResource, targetIds: Set<string>): boolean {
    const deps = candidate.propertyDependencies[property];
    if (deps !== undefined && deps.length > 0) return deps.some((d) => d.urn === target.urn);
    const value = known(() => candidate.props[property]);
    return typeof value === "string" && targetIds.has(value);
}

/** Resources of `type` whose input `property` refers to `target`. */
export function siblings(resources: readonly PolicyResource[], target: PolicyResource, type: string, property: string, ...idKeys: string[]): PolicyResource[] {
    const ids = identities(target, ...idKeys);
    return resources.filter((r) => r.type === type && refersTo(r, property, target, ids));
}

// ------------------------------------------------------------------------------------------------
// IAM policy documents
// ------------------------------------------------------------------------------------------------

/** One normalised policy statement: every list field is an array. */
export interface Statement {
    readonly sid?: string;
    readonly effect: "Allow" | "Deny";
    readonly actions: string[];
    readonly notActions: string[];
    readonly resources: string[];
    readonly notResources: string[];
    /** Principals by kind (`AWS`, `Service`, `Federated`, `CanonicalUser`); `*` as `{ "*": ["*"] }`. */
    readonly principals: Record<string, string[]>;
    readonly hasPrincipal: boolean;
    readonly conditions: Record<string, Record<string, string[]>>;
}

function strings(value: unknown): string[] {
    return asArray(value).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
}

/**
 * Parses an IAM policy document given as a JSON string or an object (as `getPolicyDocument`
 * and `JSON.stringify` produce). Returns undefined when the value is not a document.
 */
export function parsePolicyDocument(document: unknown): Statement[] | undefined {
    let doc = document;
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc) as unknown;
        } catch {
            return undefined;
        }
    }
    if (!isObject(doc)) return undefined;
    return objects(doc.Statement).map((s) => {
        const principals: Record<string, string[]> = {};
        const principal = s.Principal ?? s.NotPrincipal;
        if (principal === "*") principals["*"] = ["*"];
        else if (isObject(principal)) for (const [kind, v] of Object.entries(principal)) principals[kind] = strings(v);
        const conditions: Record<string, Record<string, string[]>> = {};
        if (isObject(s.Condition)) {
            for (const [op, body] of Object.entries(s.Condition)) {
                if (!isObject(body)) continue;
                conditions[op] = {};
                for (const [key, v] of Object.entries(body)) conditions[op][key] = strings(v);
            }
        }
        return {
            ...(typeof s.Sid === "string" ? { sid: s.Sid } : {}),
            effect: s.Effect === "Deny" ? "Deny" : "Allow",
            actions: strings(s.Action),
            notActions: strings(s.NotAction),
            resources: strings(s.Resource),
            notResources: strings(s.NotResource),
            principals,
            hasPrincipal: principal !== undefined,
            conditions,
        };
    });
}

/** Whether an IAM pattern (`*` and `?` wildcards, case-insensitive) matches a value. */
export function globMatch(pattern: string, value: string): boolean {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    return re.test(value);
}

/**
 * Whether an Allow statement grants `action`: an `Action` pattern matches it, or a `NotAction`
 * list does not exclude it (NotAction + Allow grants everything not listed).
 */
export function grants(statement: Statement, action: string): boolean {
    if (statement.effect !== "Allow") return false;
    if (statement.notActions.length > 0) return !statement.notActions.some((p) => globMatch(p, action));
    return statement.actions.some((p) => globMatch(p, action));
}

/** Whether an Allow statement grants every action of a service or of all services. */
export function grantsAllActions(statement: Statement): string | undefined {
    if (statement.effect !== "Allow") return undefined;
    if (statement.notActions.length > 0) return `NotAction ${JSON.stringify(statement.notActions)}`;
    return statement.actions.find((a) => a === "*" || a === "*:*");
}

/** Whether the statement applies to every resource (`Resource: "*"` or any `NotResource`). */
export function allResources(statement: Statement): boolean {
    return statement.resources.includes("*") || statement.notResources.length > 0;
}

/** Condition keys used in a statement, lower-cased. */
export function conditionKeys(statement: Statement): Set<string> {
    const keys = new Set<string>();
    for (const body of Object.values(statement.conditions)) for (const key of Object.keys(body)) keys.add(key.toLowerCase());
    return keys;
}

/** Whether a statement names everyone as principal (`"*"` or `{ AWS: "*" }`). */
export function wildcardPrincipal(statement: Statement): boolean {
    return Object.values(statement.principals).some((values) => values.includes("*"));
}

/** A readable label for a statement in messages: its Sid or its index. */
export function statementLabel(statement: Statement, index: number): string {
    return statement.sid !== undefined ? `statement "${statement.sid}"` : `statement ${index + 1}`;
}

/** Where an identity policy document lives on a resource, for messages. */
export interface PolicyDocumentRef {
    /** Property path, e.g. `policy` or `inlinePolicies[0].policy`. */
    readonly path: string;
    /** Parsed statements. */
    readonly statements: Statement[];
}

/** Types that carry identity-based (not resource-based) policy documents. */
export const IDENTITY_POLICY_TYPES = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:iam/role:Role",
] as const;

/**
 * The identity-based policy documents a resource carries (inline role policies included). A
 * document unknown during preview throws (resource policies: the SDK reports "can't run during
 * preview"), or with `skipUnknown` is left out (stack policies: one unknown document must not
 * stop the rule for every other resource).
 */
export function identityPolicyDocuments(type: string, props: Record<string, unknown>, skipUnknown = false): PolicyDocumentRef[] {
    const read = (get: () => unknown) => (skipUnknown ? known(get) : get());
    const out: PolicyDocumentRef[] = [];
    if (type === "aws:iam/role:Role") {
        objects(read(() => props.inlinePolicies)).forEach((p, i) => {
            const statements = parsePolicyDocument(read(() => p.policy));
            if (statements) out.push({ path: `inlinePolicies[${i}].policy`, statements });
        });
    } else if ((IDENTITY_POLICY_TYPES as readonly string[]).includes(type)) {
        const statements = parsePolicyDocument(read(() => props.policy));
        if (statements) out.push({ path: "policy", statements });
    }
    return out;
}

/** AWS-managed policies that grant administrator or full-service access. */
export function isFullAccessManagedPolicy(arn: string): boolean {
    return /^arn:aws[a-z-]*:iam::aws:policy\/(.*\/)?(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess[A-Za-z0-9_]*)$/.test(arn);
}

/** Managed policy ARNs attached to a role/user/group by a resource of the given type. */
export function attachedPolicyArns(type: string, props: Record<string, unknown>): string[] {
    switch (type) {
        case "aws:iam/role:Role":
            return strings(props.managedPolicyArns);
        case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
        case "aws:iam/policyAttachment:PolicyAttachment":
        case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
        case "aws:iam/groupPolicyAttachment:GroupPolicyAttachment":
            return strings(props.policyArn);
        case "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive":
            return strings(props.policyArns);
        default:
            return [];
    }
}

// ------------------------------------------------------------------------------------------------
// Tags
// ------------------------------------------------------------------------------------------------

/** Tags required on every taggable resource, besides the configured ones. */
export function baseRequiredTags(environment: Environment): Record<string, string> {
    return { environment, "managed-by": "pulumi" };
}

/**
 * Problems with a resource's tags against the required set: missing keys, then wrong values.
 * Returns an empty list when compliant.
 */
export function tagProblems(tags: unknown, required: Record<string, string>): string[] {
    const have = isObject(tags) ? tags : {};
    const missing = Object.keys(required).filter((k) => have[k] === undefined || have[k] === null || have[k] === "");
    const wrong = Object.entries(required).filter(([k, v]) => !missing.includes(k) && have[k] !== v);
    const out: string[] = [];
    if (missing.length > 0) out.push(`missing tag${missing.length > 1 ? "s" : ""} ${list(missing.map((k) => `"${k}"`))}`);
    for (const [k, v] of wrong) out.push(`tag "${k}" is ${JSON.stringify(have[k])}, expected ${JSON.stringify(v)}`);
    return out;
}

/**
 * IAM policy documents: parsing (JSON string or object, string-or-list fields, NotAction,
 * NotResource, conditions) and the questions the IAM, KMS, ECR and S3 rules ask of statements.
 */
import { asArray, isObject, known, objects } from "./resources";

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
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
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
    for (const body of Object.values(statement.conditions))
        for (const key of Object.keys(body)) keys.add(key.toLowerCase());
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
export function identityPolicyDocuments(
    type: string,
    props: Record<string, unknown>,
    skipUnknown = false,
): PolicyDocumentRef[] {
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

/** Names of AWS-managed policies that grant administrator or full-service access. */
const FULL_ACCESS_POLICY_NAME =
    "(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess[A-Za-z0-9_]*)";
/** An AWS-managed policy ARN (any partition, any path) whose name is one of those. */
const FULL_ACCESS_MANAGED_POLICY = new RegExp(`^arn:aws[a-z-]*:iam::aws:policy/(.*/)?${FULL_ACCESS_POLICY_NAME}$`);

/** AWS-managed policies that grant administrator or full-service access. */
export function isFullAccessManagedPolicy(arn: string): boolean {
    return FULL_ACCESS_MANAGED_POLICY.test(arn);
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

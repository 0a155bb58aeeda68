/**
 * Web-identity trust (OIDC federation such as GitHub Actions): which subjects a trust statement
 * pins, and whether a role is a deploy role trusted only by one repository. GitHub's claims:
 * https://docs.github.com/en/actions/concepts/security/openid-connect
 * (the page's current address; its old security-for-github-actions/... path redirects there).
 */
import { Statement, allResources, grants, parsePolicyDocument } from "./iamDocuments";

/** The `…:sub` values a web-identity trust statement pins (StringEquals / StringLike), or undefined when none. */
export function subjectValues(s: Statement): string[] | undefined {
    const values = Object.entries(s.conditions)
        .filter(([op]) => /^(StringEquals|StringLike)$/i.test(op))
        .flatMap(([, body]) =>
            Object.entries(body)
                .filter(([key]) => /:sub$/i.test(key))
                .flatMap(([, v]) => v),
        );
    return values.length > 0 ? values : undefined;
}

/** A `sub` that names one repository: `repo:<owner>/<name>:…` with no wildcard in owner or name. */
export function pinnedSubject(sub: string): boolean {
    return /^repo:[^*?/:]+\/[^*?/:]+:/.test(sub);
}

export function webIdentityStatements(trust: unknown): Statement[] {
    return (parsePolicyDocument(trust) ?? []).filter(
        (s) =>
            s.effect === "Allow" &&
            (grants(s, "sts:AssumeRoleWithWebIdentity") || (s.principals.Federated ?? []).length > 0),
    );
}

/** True when every Allow statement of the trust policy is web identity pinned to one repository's subjects. */
export function pinnedWebIdentityTrust(trust: unknown): boolean {
    const all = (parsePolicyDocument(trust) ?? []).filter((s) => s.effect === "Allow");
    const web = webIdentityStatements(trust);
    return (
        web.length > 0 &&
        web.length === all.length &&
        web.every((s) => (subjectValues(s) ?? []).every(pinnedSubject) && subjectValues(s) !== undefined)
    );
}

/** IAM actions limited to named roles/policies (`role/<prefix>*`), never `*` or a whole account. */
export function iamPrefixScoped(s: Statement): boolean {
    return (
        !allResources(s) &&
        s.resources.every((r) => /^arn:aws[a-z-]*:iam::\d{12}:(role|policy|oidc-provider)\/[^*]{3,}/.test(r))
    );
}

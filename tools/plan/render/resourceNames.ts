/** Short names for type tokens and URNs in the text plans. */

/**
 * A type token without the package's noise: `aws:s3/bucketPolicy:BucketPolicy` → `s3.BucketPolicy`,
 * `mlops-platform:index:SecureBucket` → `SecureBucket`, `awsx:ec2:Vpc` → `awsx.ec2.Vpc`.
 */
export function shortType(type: string): string {
    const [pkg, module = "", name = ""] = type.split(":");
    if (pkg === "aws") return `${module.split("/")[0]}.${name}`;
    if (module === "index") return name;
    return `${pkg}.${module}.${name}`;
}

/** `type::name` of a URN, e.g. `aws:kms/key:Key::mlops-dev-key`. */
export function shortUrn(urn: string): string {
    const parts = urn.split("::");
    const type = parts[2]?.split("$").pop() ?? "";
    return `${type}::${parts[3] ?? ""}`;
}

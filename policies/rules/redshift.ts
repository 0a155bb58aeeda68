/**
 * Redshift rules, for both engines of the Feast offline store: Serverless (namespace + workgroup)
 * and a provisioned cluster (with its parameter group and logging resource).
 */
import { aws } from "../lib/awsResources";
import { validateResourceOfType } from "@pulumi/policy";
import { MlopsPolicy, framework } from "../lib/metadata";
import { identities, list, objects, present, refersTo, siblings, str } from "../lib/resources";

const CLUSTER = "aws:redshift/cluster:Cluster";
const PARAMETER_GROUP = "aws:redshift/parameterGroup:ParameterGroup";
const LOGGING = "aws:redshift/logging:Logging";
const WORKGROUP = "aws:redshiftserverless/workgroup:Workgroup";

/** Encrypted with a customer-managed KMS key. */
export const redshiftKms: MlopsPolicy = {
    name: "redshift-kms-encryption",
    description: "Redshift namespaces and clusters are encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    remediationSteps: "Namespace: set kmsKeyId. Cluster: set encrypted: true and kmsKeyId to the stack's key.",
    ...framework({
        service: "Redshift",
        rule: "encrypted with customer KMS key",
        sources: ["CKV_AWS_64", "CKV_AWS_142", "CKV_AWS_282", "Redshift.10", "RedshiftServerless.4"],
    }),
    validateResource: [
        validateResourceOfType(aws.redshiftserverless.Namespace, (ns, args, report) => {
            if (!present(() => ns.kmsKeyId))
                report(`Redshift namespace "${args.name}" uses an AWS-owned key; set kmsKeyId to the stack's key.`);
        }),
        validateResourceOfType(aws.redshift.Cluster, (cluster, args, report) => {
            // v7 types `encrypted` as a string ("true" by default); accept a boolean too.
            if (String(cluster.encrypted ?? "true") === "false")
                report(`Redshift cluster "${args.name}" is not encrypted; set encrypted to "true" with kmsKeyId.`);
            else if (!present(() => cluster.kmsKeyId))
                report(`Redshift cluster "${args.name}" uses the AWS-managed key; set kmsKeyId to the stack's key.`);
        }),
    ],
};

/** Not publicly accessible. */
export const redshiftNotPublic: MlopsPolicy = {
    name: "redshift-not-public",
    description: "Redshift workgroups and clusters are not publicly accessible.",
    enforcementLevel: "mandatory",
    remediationSteps: "Set publiclyAccessible: false; reach Redshift from inside the VPC.",
    ...framework({
        service: "Redshift",
        rule: "not publicly accessible",
        sources: ["CKV_AWS_87", "Redshift.1", "RedshiftServerless.3"],
    }),
    validateResource: [
        validateResourceOfType(aws.redshiftserverless.Workgroup, (wg, args, report) => {
            if (wg.publiclyAccessible === true)
                report(`Redshift workgroup "${args.name}" is publicly accessible; set publiclyAccessible to false.`);
        }),
        validateResourceOfType(aws.redshift.Cluster, (cluster, args, report) => {
            if (cluster.publiclyAccessible === true)
                report(`Redshift cluster "${args.name}" is publicly accessible; set publiclyAccessible to false.`);
        }),
    ],
};

/** Enhanced VPC routing: Spectrum/COPY traffic to S3 stays on the VPC's endpoints. */
export const redshiftEnhancedVpcRouting: MlopsPolicy = {
    name: "redshift-enhanced-vpc-routing",
    description: "Redshift workgroups and clusters use enhanced VPC routing.",
    enforcementLevel: "advisory",
    remediationSteps: "Set enhancedVpcRouting: true (S3 traffic then goes through the VPC's S3 gateway endpoint).",
    ...framework({
        service: "Redshift",
        rule: "enhanced VPC routing",
        sources: ["CKV_AWS_321", "Redshift.7", "RedshiftServerless.1"],
    }),
    validateResource: [
        validateResourceOfType(aws.redshiftserverless.Workgroup, (wg, args, report) => {
            if (wg.enhancedVpcRouting !== true)
                report(
                    `Redshift workgroup "${args.name}" does not use enhanced VPC routing; set ` +
                        `enhancedVpcRouting to true.`,
                );
        }),
        validateResourceOfType(aws.redshift.Cluster, (cluster, args, report) => {
            if (cluster.enhancedVpcRouting !== true)
                report(
                    `Redshift cluster "${args.name}" does not use enhanced VPC routing; set ` +
                        `enhancedVpcRouting to true.`,
                );
        }),
    ],
};

function requiresSsl(parameters: unknown, key: string, value: string): boolean {
    return objects(parameters).some((p) => p[key] === "require_ssl" && String(p[value]).toLowerCase() === "true");
}

/**
 * A workgroup's `require_ssl` is AWS's default (true) unless its configParameters set it otherwise: AWS adds
 * it to every workgroup ("default SSL parameters automatically added by AWS", terraform-provider-aws
 * workgroup.go; true on a fresh workgroup, go-to-k/cdk-real-drift#1441), and AWS Config's
 * redshift-serverless-workgroup-encrypted-in-transit is "NON_COMPLIANT if require_ssl is set to false".
 */
function workgroupRequiresSsl(parameters: unknown): boolean {
    const set = objects(parameters).find((p) => p.parameterKey === "require_ssl");
    return set === undefined || String(set.parameterValue).toLowerCase() === "true";
}

/** `require_ssl`: not turned off on a workgroup (AWS's default is on), on for the cluster's parameter group. */
export const redshiftRequireSsl: MlopsPolicy = {
    name: "redshift-require-ssl",
    description: "Redshift requires SSL connections (require_ssl = true).",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Workgroup: remove the configParameters entry that sets require_ssl to anything but "true" ' +
        "(AWS's default is true). Cluster: use a ParameterGroup with require_ssl = true.",
    ...framework({
        service: "Redshift",
        rule: "require_ssl",
        sources: ["CKV_AWS_105", "Redshift.2", "RedshiftServerless.2"],
    }),
    validateStack: (args, report) => {
        for (const wg of args.resources.filter((r) => r.type === WORKGROUP)) {
            if (!workgroupRequiresSsl(wg.props.configParameters)) {
                report(
                    `Redshift workgroup "${wg.name}" turns require_ssl off; ` +
                        "remove that configParameters entry (AWS's default is true).",
                    wg.urn,
                );
            }
        }
        const groups = args.resources.filter((r) => r.type === PARAMETER_GROUP);
        for (const cluster of args.resources.filter((r) => r.type === CLUSTER)) {
            const group = groups.find((g) => refersTo(cluster, "clusterParameterGroupName", g, identities(g)));
            if (group === undefined)
                report(
                    `Redshift cluster "${cluster.name}" uses the default parameter group (require_ssl ` +
                        `false); attach a ParameterGroup with require_ssl = true.`,
                    cluster.urn,
                );
            else if (!requiresSsl(group.props.parameters, "name", "value"))
                report(
                    `Redshift cluster "${cluster.name}": parameter group "${group.name}" does not set ` +
                        `require_ssl = true.`,
                    group.urn,
                );
        }
    },
};

const LOG_EXPORTS = ["connectionlog", "userlog", "useractivitylog"];

/** Audit logging / log exports. */
export const redshiftAuditLogging: MlopsPolicy = {
    name: "redshift-audit-logging",
    description: "Redshift exports connection, user and user-activity audit logs.",
    enforcementLevel: "advisory",
    remediationSteps:
        'Namespace: logExports ["connectionlog", "userlog", "useractivitylog"]. Cluster: add an ' +
        'aws.redshift.Logging with logDestinationType "cloudwatch" and the same logExports.',
    ...framework({
        service: "Redshift",
        rule: "audit logging / log exports",
        sources: ["CKV_AWS_71", "Redshift.4", "RedshiftServerless.6"],
    }),
    validateStack: (args, report) => {
        for (const ns of args.resources.filter((r) => r.type === "aws:redshiftserverless/namespace:Namespace")) {
            const exports = (ns.props.logExports ?? []) as unknown[];
            const missing = LOG_EXPORTS.filter((l) => !exports.includes(l));
            if (missing.length > 0)
                report(
                    `Redshift namespace "${ns.name}" does not export ${list(missing)}; add them to logExports.`,
                    ns.urn,
                );
        }
        for (const cluster of args.resources.filter((r) => r.type === CLUSTER)) {
            if (siblings(args.resources, cluster, LOGGING, "clusterIdentifier", "clusterIdentifier").length === 0) {
                report(
                    `Redshift cluster "${cluster.name}" has no audit logging; add an aws.redshift.Logging ` +
                        `resource for it.`,
                    cluster.urn,
                );
            }
        }
    },
};

const DEFAULT_USERS = ["admin", "awsuser"];

/** Non-default admin user and database names. */
export const redshiftNonDefaultNames: MlopsPolicy = {
    name: "redshift-non-default-names",
    description: "Redshift admin user and database names are not the defaults (admin/awsuser, dev).",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set adminUsername/masterUsername and dbName/databaseName to project-specific values (e.g. " +
        "feast_admin, feast).",
    ...framework({
        service: "Redshift",
        rule: "non-default admin user name and database name",
        sources: [
            "CKV_AWS_391",
            "CKV_AWS_320",
            "Redshift.8",
            "Redshift.9",
            "RedshiftServerless.5",
            "RedshiftServerless.7",
        ],
    }),
    validateResource: [
        validateResourceOfType(aws.redshiftserverless.Namespace, (ns, args, report) => {
            if (ns.adminUsername !== undefined && DEFAULT_USERS.includes(ns.adminUsername))
                report(
                    `Redshift namespace "${args.name}" uses the default admin user name ` +
                        `"${ns.adminUsername}"; choose another.`,
                );
            if ((ns.dbName ?? "dev") === "dev")
                report(`Redshift namespace "${args.name}" uses the default database name "dev"; set dbName.`);
        }),
        validateResourceOfType(aws.redshift.Cluster, (cluster, args, report) => {
            if (cluster.masterUsername !== undefined && DEFAULT_USERS.includes(cluster.masterUsername))
                report(
                    `Redshift cluster "${args.name}" uses the default master user name ` +
                        `"${cluster.masterUsername}"; choose another.`,
                );
            if ((cluster.databaseName ?? "dev") === "dev")
                report(`Redshift cluster "${args.name}" uses the default database name "dev"; set databaseName.`);
        }),
    ],
};

/** Admin password managed by Secrets Manager: never in config or state in clear. */
export const redshiftManagedAdminPassword: MlopsPolicy = {
    name: "redshift-managed-admin-password",
    description:
        "Redshift admin passwords are generated and rotated by Secrets Manager, never passed in config or " +
        "stored in state.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Namespace: manageAdminPassword: true and no adminUserPassword. Cluster: manageMasterPassword: " +
        "true and no masterPassword.",
    ...framework({
        service: "Redshift",
        rule: "admin password managed by Secrets Manager (never in config or state in clear)",
        sources: ["ML"],
    }),
    validateResource: [
        validateResourceOfType(aws.redshiftserverless.Namespace, (ns, args, report) => {
            if (ns.adminUserPassword !== undefined || ns.adminUserPasswordWo !== undefined)
                report(
                    `Redshift namespace "${args.name}" sets an admin password; remove it and set ` +
                        `manageAdminPassword: true.`,
                );
            else if (ns.adminUsername !== undefined && ns.manageAdminPassword !== true)
                report(
                    `Redshift namespace "${args.name}" has an admin user without manageAdminPassword; set ` +
                        `manageAdminPassword: true.`,
                );
        }),
        validateResourceOfType(aws.redshift.Cluster, (cluster, args, report) => {
            if (cluster.masterPassword !== undefined || cluster.masterPasswordWo !== undefined)
                report(
                    `Redshift cluster "${args.name}" sets a master password; remove it and set ` +
                        `manageMasterPassword: true.`,
                );
            else if (cluster.manageMasterPassword !== true)
                report(`Redshift cluster "${args.name}" does not set manageMasterPassword: true.`);
        }),
    ],
};

/** Cluster: snapshots retained, version upgrades allowed, final snapshot on delete. */
export const redshiftClusterSnapshots: MlopsPolicy = {
    name: "redshift-cluster-snapshots",
    description:
        "Redshift clusters retain automated snapshots, allow version upgrades and take a final snapshot on delete.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set automatedSnapshotRetentionPeriod >= 7, allowVersionUpgrade: true, skipFinalSnapshot: false " +
        "with a finalSnapshotIdentifier.",
    ...framework({
        service: "Redshift",
        rule: "cluster: automated snapshots retained, version upgrade allowed, final snapshot on delete",
        sources: ["CKV_AWS_343", "CKV_AWS_141", "Redshift.3", "Redshift.6"],
    }),
    validateResource: validateResourceOfType(aws.redshift.Cluster, (cluster, args, report) => {
        const retention = cluster.automatedSnapshotRetentionPeriod ?? 1; // AWS's default
        if (retention < 7)
            report(
                `Redshift cluster "${args.name}" keeps automated snapshots ${retention} day(s); set ` +
                    `automatedSnapshotRetentionPeriod to at least 7.`,
            );
        if (cluster.allowVersionUpgrade === false)
            report(`Redshift cluster "${args.name}" disallows version upgrades; set allowVersionUpgrade to true.`);
        if (cluster.skipFinalSnapshot === true || str(cluster.finalSnapshotIdentifier) === undefined) {
            report(
                `Redshift cluster "${args.name}" would be deleted without a final snapshot; set ` +
                    `skipFinalSnapshot: false and finalSnapshotIdentifier.`,
            );
        }
    }),
};

/** All Redshift policies. */
export const redshiftPolicies: MlopsPolicy[] = [
    redshiftKms,
    redshiftNotPublic,
    redshiftEnhancedVpcRouting,
    redshiftRequireSsl,
    redshiftAuditLogging,
    redshiftNonDefaultNames,
    redshiftManagedAdminPassword,
    redshiftClusterSnapshots,
];

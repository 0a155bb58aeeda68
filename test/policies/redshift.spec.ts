import * as assert from "assert";
import {
    redshiftAuditLogging,
    redshiftClusterSnapshots,
    redshiftEnhancedVpcRouting,
    redshiftKms,
    redshiftManagedAdminPassword,
    redshiftNonDefaultNames,
    redshiftNotPublic,
    redshiftRequireSsl,
} from "../../policies/rules/redshift";
import { StackResource, checkResource, checkStack, messages, withChange } from "./harness";

const NAMESPACE = "aws:redshiftserverless/namespace:Namespace";
const WORKGROUP = "aws:redshiftserverless/workgroup:Workgroup";
const CLUSTER = "aws:redshift/cluster:Cluster";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";

const namespace = {
    namespaceName: "feast",
    kmsKeyId: KEY,
    adminUsername: "feast_admin",
    manageAdminPassword: true,
    dbName: "feast",
    logExports: ["connectionlog", "userlog", "useractivitylog"],
};
const workgroup = {
    workgroupName: "feast",
    namespaceName: "feast",
    publiclyAccessible: false,
    enhancedVpcRouting: true,
    configParameters: [{ parameterKey: "require_ssl", parameterValue: "true" }],
};
const cluster = {
    clusterIdentifier: "feast",
    nodeType: "ra3.xlplus",
    encrypted: "true",
    kmsKeyId: KEY,
    publiclyAccessible: false,
    enhancedVpcRouting: true,
    masterUsername: "feast_admin",
    manageMasterPassword: true,
    databaseName: "feast",
    automatedSnapshotRetentionPeriod: 7,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "feast-final",
    clusterParameterGroupName: "feast-params",
};
const ns = (props: Record<string, unknown>) => ({ type: NAMESPACE, name: "feast", props });
const wg = (props: Record<string, unknown>) => ({ type: WORKGROUP, name: "feast", props });
const cl = (props: Record<string, unknown>) => ({ type: CLUSTER, name: "feast", props });

describe("policies/redshift", () => {
    it("the FeatureStore's serverless and cluster resources pass every resource rule", async () => {
        for (const policy of [
            redshiftKms,
            redshiftNotPublic,
            redshiftEnhancedVpcRouting,
            redshiftNonDefaultNames,
            redshiftManagedAdminPassword,
            redshiftClusterSnapshots,
        ]) {
            for (const r of [ns(namespace), wg(workgroup), cl(cluster)])
                assert.deepStrictEqual(await checkResource(policy, r), [], `${policy.name} ${r.type}`);
        }
    });
    it("redshift-kms-encryption", async () => {
        assert.deepStrictEqual(await checkResource(redshiftKms, ns(withChange(namespace, "kmsKeyId", undefined))), [
            'Redshift namespace "feast" uses an AWS-owned key; set kmsKeyId to the stack\'s key.',
        ]);
        assert.deepStrictEqual(await checkResource(redshiftKms, cl(withChange(cluster, "encrypted", "false"))), [
            'Redshift cluster "feast" is not encrypted; set encrypted to "true" with kmsKeyId.',
        ]);
        assert.deepStrictEqual(await checkResource(redshiftKms, cl(withChange(cluster, "kmsKeyId", undefined))), [
            'Redshift cluster "feast" uses the AWS-managed key; set kmsKeyId to the stack\'s key.',
        ]);
    });
    it("redshift-not-public", async () => {
        assert.deepStrictEqual(
            await checkResource(redshiftNotPublic, wg(withChange(workgroup, "publiclyAccessible", true))),
            ['Redshift workgroup "feast" is publicly accessible; set publiclyAccessible to false.'],
        );
        assert.deepStrictEqual(
            await checkResource(redshiftNotPublic, cl(withChange(cluster, "publiclyAccessible", true))),
            ['Redshift cluster "feast" is publicly accessible; set publiclyAccessible to false.'],
        );
    });
    it("redshift-enhanced-vpc-routing", async () => {
        assert.deepStrictEqual(
            await checkResource(redshiftEnhancedVpcRouting, wg(withChange(workgroup, "enhancedVpcRouting", undefined))),
            ['Redshift workgroup "feast" does not use enhanced VPC routing; set enhancedVpcRouting to true.'],
        );
        assert.deepStrictEqual(
            await checkResource(redshiftEnhancedVpcRouting, cl(withChange(cluster, "enhancedVpcRouting", false))),
            ['Redshift cluster "feast" does not use enhanced VPC routing; set enhancedVpcRouting to true.'],
        );
    });
    it("redshift-non-default-names", async () => {
        assert.deepStrictEqual(
            await checkResource(
                redshiftNonDefaultNames,
                ns({ ...namespace, adminUsername: "admin", dbName: undefined }),
            ),
            [
                'Redshift namespace "feast" uses the default admin user name "admin"; choose another.',
                'Redshift namespace "feast" uses the default database name "dev"; set dbName.',
            ],
        );
        assert.deepStrictEqual(
            await checkResource(
                redshiftNonDefaultNames,
                cl({ ...cluster, masterUsername: "awsuser", databaseName: "dev" }),
            ),
            [
                'Redshift cluster "feast" uses the default master user name "awsuser"; choose another.',
                'Redshift cluster "feast" uses the default database name "dev"; set databaseName.',
            ],
        );
    });
    it("redshift-managed-admin-password", async () => {
        assert.deepStrictEqual(
            await checkResource(redshiftManagedAdminPassword, ns({ ...namespace, adminUserPassword: "hunter2" })),
            ['Redshift namespace "feast" sets an admin password; remove it and set manageAdminPassword: true.'],
        );
        assert.deepStrictEqual(
            await checkResource(
                redshiftManagedAdminPassword,
                ns(withChange(namespace, "manageAdminPassword", undefined)),
            ),
            [
                'Redshift namespace "feast" has an admin user without manageAdminPassword; set ' +
                    "manageAdminPassword: true.",
            ],
        );
        assert.deepStrictEqual(
            await checkResource(redshiftManagedAdminPassword, cl({ ...cluster, masterPassword: "hunter2" })),
            ['Redshift cluster "feast" sets a master password; remove it and set manageMasterPassword: true.'],
        );
        assert.deepStrictEqual(
            await checkResource(
                redshiftManagedAdminPassword,
                cl(withChange(cluster, "manageMasterPassword", undefined)),
            ),
            ['Redshift cluster "feast" does not set manageMasterPassword: true.'],
        );
    });
    it("redshift-cluster-snapshots", async () => {
        assert.deepStrictEqual(
            await checkResource(
                redshiftClusterSnapshots,
                cl(withChange(cluster, "automatedSnapshotRetentionPeriod", undefined)),
            ),
            [
                'Redshift cluster "feast" keeps automated snapshots 1 day(s); set ' +
                    "automatedSnapshotRetentionPeriod to at least 7.",
            ],
        );
        assert.deepStrictEqual(
            await checkResource(redshiftClusterSnapshots, cl({ ...cluster, allowVersionUpgrade: false })),
            ['Redshift cluster "feast" disallows version upgrades; set allowVersionUpgrade to true.'],
        );
        assert.deepStrictEqual(
            await checkResource(redshiftClusterSnapshots, cl({ ...cluster, skipFinalSnapshot: true })),
            [
                'Redshift cluster "feast" would be deleted without a final snapshot; set ' +
                    "skipFinalSnapshot: false and finalSnapshotIdentifier.",
            ],
        );
    });

    describe("stack rules", () => {
        const serverless = (nsProps = namespace, wgProps: Record<string, unknown> = workgroup): StackResource[] => [
            { type: NAMESPACE, name: "feast", props: nsProps },
            { type: WORKGROUP, name: "feast-wg", props: wgProps, deps: { namespaceName: ["feast"] } },
        ];
        const provisioned = (
            params: unknown[] = [{ name: "require_ssl", value: "true" }],
            logging = true,
        ): StackResource[] => [
            {
                type: "aws:redshift/parameterGroup:ParameterGroup",
                name: "feast-params",
                props: { name: "feast-params", family: "redshift-1.0", parameters: params },
            },
            { type: CLUSTER, name: "feast", props: cluster, deps: { clusterParameterGroupName: ["feast-params"] } },
            ...(logging
                ? [
                      {
                          type: "aws:redshift/logging:Logging",
                          name: "feast-logging",
                          props: { clusterIdentifier: "feast", logDestinationType: "cloudwatch" },
                          deps: { clusterIdentifier: ["feast"] },
                      },
                  ]
                : []),
        ];
        it("passes both engines", async () => {
            for (const policy of [redshiftRequireSsl, redshiftAuditLogging]) {
                assert.deepStrictEqual(await checkStack(policy, serverless()), [], policy.name);
                assert.deepStrictEqual(await checkStack(policy, provisioned()), [], policy.name);
            }
        });
        it(
            "redshift-require-ssl reports a workgroup that turns require_ssl off, the default parameter group " +
                "and a group without require_ssl",
            async () => {
                // Unset is AWS's default for a workgroup (require_ssl true): accepted.
                assert.deepStrictEqual(
                    await checkStack(
                        redshiftRequireSsl,
                        serverless(namespace, withChange(workgroup, "configParameters", [])),
                    ),
                    [],
                );
                assert.deepStrictEqual(
                    messages(
                        await checkStack(
                            redshiftRequireSsl,
                            serverless(
                                namespace,
                                withChange(workgroup, "configParameters", [
                                    { parameterKey: "require_ssl", parameterValue: "false" },
                                ]),
                            ),
                        ),
                    ),
                    [
                        'Redshift workgroup "feast-wg" turns require_ssl off; remove that configParameters ' +
                            "entry (AWS's default is true).",
                    ],
                );
                assert.deepStrictEqual(
                    messages(
                        await checkStack(
                            redshiftRequireSsl,
                            provisioned()
                                .filter((r) => r.name !== "feast-params")
                                .map((r) => ({ ...r, deps: undefined })),
                        ),
                    ),
                    [
                        'Redshift cluster "feast" uses the default parameter group (require_ssl false); attach ' +
                            "a ParameterGroup with require_ssl = true.",
                    ],
                );
                assert.deepStrictEqual(
                    messages(
                        await checkStack(redshiftRequireSsl, provisioned([{ name: "require_ssl", value: "false" }])),
                    ),
                    ['Redshift cluster "feast": parameter group "feast-params" does not set require_ssl = true.'],
                );
            },
        );
        it("redshift-audit-logging reports missing exports and a cluster without Logging", async () => {
            assert.deepStrictEqual(
                messages(await checkStack(redshiftAuditLogging, serverless({ ...namespace, logExports: ["userlog"] }))),
                [
                    'Redshift namespace "feast" does not export connectionlog and useractivitylog; add ' +
                        "them to logExports.",
                ],
            );
            assert.deepStrictEqual(messages(await checkStack(redshiftAuditLogging, provisioned(undefined, false))), [
                'Redshift cluster "feast" has no audit logging; add an aws.redshift.Logging resource for it.',
            ]);
        });
    });
});

/**
 * Redshift's own rules for what the offline store names and sizes: identifiers the platform derives
 * from the component name, the database and admin user names, reserved words and node counts.
 * Pure functions returning problems, so the schema and the platform's limits share one definition.
 */

/** A problem of one key, relative to the section that calls the rule. */
export interface RuleProblem {
    readonly path: (string | number)[];
    readonly message: string;
}

/**
 * Amazon Redshift reserved words (https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html):
 * usable only as delimited ("quoted") identifiers.
 */
export const REDSHIFT_RESERVED_WORDS: ReadonlySet<string> = new Set(
    [
        "AES128 AES256 ALL ALLOWOVERWRITE ANALYSE ANALYZE AND ANY ARRAY AS ASC AUTHORIZATION AZ64 BACKUP BETWEEN",
        "BINARY BLANKSASNULL BOTH BYTEDICT BZIP2 CASE CAST CHECK COLLATE COLUMN CONSTRAINT CREATE CREDENTIALS CROSS",
        "CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURRENT_USER_ID DEFAULT DEFERRABLE DEFLATE DEFRAG",
        "DELTA DELTA32K DESC DISABLE DISTINCT DO ELSE EMPTYASNULL ENABLE ENCODE ENCRYPT ENCRYPTION END EXCEPT",
        "EXPLICIT FALSE FOR FOREIGN FREEZE FROM FULL GLOBALDICT256 GLOBALDICT64K GRANT GROUP GZIP HAVING IDENTITY",
        "IGNORE ILIKE IN INITIALLY INNER INTERSECT INTERVAL INTO IS ISNULL JOIN LEADING LEFT LIKE LIMIT LOCALTIME",
        "LOCALTIMESTAMP LUN LUNS LZO LZOP MINUS MOSTLY16 MOSTLY32 MOSTLY8 NATURAL NEW NOT NOTNULL NULL NULLS OFF",
        "OFFLINE OFFSET OID OLD ON ONLY OPEN OR ORDER OUTER OVERLAPS PARALLEL PARTITION PERCENT PERMISSIONS PIVOT",
        "PLACING PRIMARY RAW READRATIO RECOVER REFERENCES REJECTLOG RESORT RESPECT RESTORE RIGHT SELECT SESSION_USER",
        "SIMILAR SNAPSHOT SOME SYSDATE SYSTEM TABLE TAG TDES TEXT255 TEXT32K THEN TIMESTAMP TO TOP TRAILING TRUE",
        "TRUNCATECOLUMNS UNION UNIQUE UNNEST UNPIVOT USER USING VERBOSE WALLET WHEN WHERE WITH WITHOUT",
    ]
        .join(" ")
        .toLowerCase()
        .split(" "),
);

/** Names that are AWS's well-known defaults (the first database `dev`, users `admin`/`awsuser`): guessable. */
const WELL_KNOWN_NAMES = ["dev", "admin", "awsuser"];

/** The Redshift identifier (cluster, namespace, workgroup) the platform derives from a component name. */
export function redshiftName(componentName: string): string {
    return componentName
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .replace(/^[^a-z]+/, "")
        .slice(0, 63)
        .replace(/-+$/, "");
}

/**
 * What Redshift refuses of a derived identifier. Cluster: "1 to 63 alphanumeric characters or
 * hyphens", lowercase, "First character must be a letter. Cannot end with a hyphen or contain two
 * consecutive hyphens" (https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html).
 * Serverless namespace and workgroup: length 3–64, pattern `^[a-z0-9-]+$`
 * (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateNamespace.html,
 * https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateWorkgroup.html).
 */
export function redshiftIdentifierProblems(id: string, engine: string): string[] {
    if (engine === "redshift-cluster") {
        const ok = /^[a-z][a-z0-9-]{0,62}$/.test(id) && !id.endsWith("-") && !id.includes("--");
        return ok
            ? []
            : [`cluster identifier "${id}" must be 1-63 of a-z, 0-9 and single hyphens, starting with a letter`];
    }
    const ok = /^[a-z0-9-]{3,64}$/.test(id);
    return ok ? [] : [`namespace/workgroup name "${id}" must be 3-64 of a-z, 0-9 and -`];
}

/**
 * Database and admin user names. Database (CreateCluster `DBName`): "Cannot be a word that is reserved
 * by the service"; admin user (`MasterUsername`): "can't be PUBLIC", "The first character must be a
 * letter", "Cannot be a reserved word" (API_CreateCluster.html; Serverless's `adminUsername` follows
 * the same user rules, https://docs.aws.amazon.com/redshift/latest/dg/r_names.html). AWS's well-known
 * default names are refused too (a guessable admin is half a credential).
 */
export function redshiftNameProblems(o: { databaseName?: string; adminUsername?: string }): RuleProblem[] {
    const problems: RuleProblem[] = [];
    for (const key of ["databaseName", "adminUsername"] as const) {
        const value = o[key];
        if (value === undefined) continue;
        if (REDSHIFT_RESERVED_WORDS.has(value) || (key === "adminUsername" && value === "public"))
            problems.push({ path: [key], message: `"${value}" is a Redshift reserved word (r_pg_keywords)` });
        else if (WELL_KNOWN_NAMES.includes(value))
            problems.push({ path: [key], message: `"${value}" is a well-known default; choose another name` });
    }
    return problems;
}

/**
 * Node counts a cluster can be created with, per RA3 node type: the "Node range with create cluster"
 * column of the Management Guide's RA3 table (Node type details,
 * https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html#rs-node-type-info; read
 * in awsdocs/amazon-redshift-management-guide at 9cda985, doc_source/working-with-clusters.md):
 * ra3.xlplus 1 (single-node) or 2-16 (multi-node), ra3.4xlarge 2-32, ra3.16xlarge 2-128. Footnotes 4
 * and 5: xlplus and 4xlarge reach 32 and 64 nodes only by a later elastic resize. The provider's
 * update of `numberOfNodes` is not one (terraform-provider-aws internal/service/redshift/cluster.go,
 * resourceClusterUpdate, sends ModifyCluster with NodeType/NumberOfNodes rather than ResizeCluster),
 * so the platform holds every count to the creation range.
 * ra3.large postdates that table (aws/aws-cdk#31634, 2024); its 1-16 is the same single-node/16-node
 * shape as xlplus, not read from a stored AWS table.
 */
export const RA3_NODE_RANGE: Readonly<Record<string, { min: number; max: number; elasticResizeMax?: number }>> = {
    "ra3.large": { min: 1, max: 16 },
    "ra3.xlplus": { min: 1, max: 16, elasticResizeMax: 32 },
    "ra3.4xlarge": { min: 2, max: 32, elasticResizeMax: 64 },
    "ra3.16xlarge": { min: 2, max: 128 },
};

/** What Redshift refuses of a node type × node count combination at CreateCluster. */
export function redshiftNodeProblems(nodeType: string, numberOfNodes: number): string[] {
    const range = RA3_NODE_RANGE[nodeType];
    if (range === undefined || (numberOfNodes >= range.min && numberOfNodes <= range.max)) return [];
    const notes = [
        ...(range.min === 1 ? [] : ["no single-node clusters"]),
        ...(range.elasticResizeMax === undefined ? [] : [`only an elastic resize reaches ${range.elasticResizeMax}`]),
    ];
    const why = notes.length === 0 ? "" : ` (${notes.join("; ")})`;
    return [`${nodeType} clusters are created with ${range.min}-${range.max} nodes${why}; got ${numberOfNodes}`];
}

/**
 * Regions with "the extended maximum base RPU capacity of 1024" (bases 544-1024 in steps of 32);
 * elsewhere the base stops at 512 (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html).
 */
export const EXTENDED_RPU_REGIONS: readonly string[] = [
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
];

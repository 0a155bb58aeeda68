/**
 * The offline store's SQL objects, run once per deploy through the Redshift Data API as the admin
 * user (its managed secret): the external schema over the Glue database, and the pipeline's database
 * user with exactly the grants Feast's Redshift offline store needs. The SQL is built by pure
 * functions; every argument of `aws.redshiftdata.Statement` forces replacement, so the text holds no
 * value that changes between deploys (the Spectrum role is the engine's default role: `IAM_ROLE default`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FEAST_WORK_SCHEMA } from "./featureStoreSettings";
import { RedshiftSqlTarget } from "./redshiftEngine";

/** A quoted Redshift identifier (user names such as `IAMR:role` need quotes). */
export function quoteIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}

/**
 * `CREATE EXTERNAL SCHEMA IF NOT EXISTS … FROM DATA CATALOG DATABASE '…' IAM_ROLE default`: "Use the
 * default keyword to have Amazon Redshift use the IAM role that is set as default and associated with
 * the cluster" (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_EXTERNAL_SCHEMA.html); the
 * namespace and the cluster set `defaultIamRoleArn` to the Spectrum role.
 */
export function externalSchemaSql(schema: string, glueDatabase: string): string {
    return (
        `CREATE EXTERNAL SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)} ` +
        `FROM DATA CATALOG DATABASE '${glueDatabase}' IAM_ROLE default`
    );
}

/**
 * The pipeline user and its grants, in order:
 * - `CREATE USER … PASSWORD DISABLE`: the user signs in only with temporary IAM credentials. A cluster
 *   user must exist before GetClusterCredentials without AutoCreate; on Serverless, GetCredentials maps
 *   the role to `IAMR:<role name>` and "if the specified DbUser exists in the database, the new user name
 *   has the same database privileges" (GetCredentials response, Redshift Serverless API reference), so
 *   the grants below apply from the first sign-in
 *   (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html, `PASSWORD DISABLE`);
 * - `GRANT USAGE ON SCHEMA <external>`: "You can't use the GRANT or REVOKE commands for permissions on
 *   an external table. Instead, grant or revoke the permissions on the external schema" (CREATE
 *   EXTERNAL SCHEMA, above);
 * - `GRANT CREATE ON SCHEMA public`: Feast uploads the entity dataframe with an unqualified
 *   `CREATE TABLE` + `COPY` and drops it afterwards (feast-dev/feast@v0.66.0:
 *   sdk/python/feast/infra/utils/aws_utils.py, upload_arrow_table_to_redshift), which lands in the first
 *   schema of the default search path, `public`; its `CREATE TEMPORARY TABLE … UNLOAD` needs only the
 *   TEMP privilege PUBLIC holds on every new database
 *   (https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html).
 */
export function pipelineUserSql(user: string, externalSchema: string): string[] {
    const u = quoteIdentifier(user);
    return [
        `CREATE USER ${u} PASSWORD DISABLE`,
        `GRANT USAGE ON SCHEMA ${quoteIdentifier(externalSchema)} TO ${u}`,
        `GRANT CREATE ON SCHEMA ${quoteIdentifier(FEAST_WORK_SCHEMA)} TO ${u}`,
    ];
}

/** Registers the offline store's Statements under a FeatureStore, each after what it needs. */
export class OfflineStoreSql {
    private externalSchema?: { schema: string; statement: aws.redshiftdata.Statement };

    /**
     * @param parent the FeatureStore
     * @param target engine, admin secret and database the Data API runs against
     * @param ready the workgroup or cluster, its role association, the role's policy and the Glue
     *              database and tables: the first statement waits for all of them
     */
    constructor(
        private readonly parent: pulumi.Resource,
        private readonly name: string,
        private readonly target: RedshiftSqlTarget,
        private readonly ready: pulumi.Resource[],
    ) {}

    /** Creates the external schema `schema` over the Glue database `glueDatabase`. */
    createExternalSchema(schema: string, glueDatabase: string): aws.redshiftdata.Statement {
        const statement = this.statement("external-schema", externalSchemaSql(schema, glueDatabase), this.ready);
        this.externalSchema = { schema, statement };
        return statement;
    }

    /**
     * Creates the pipeline's database user (`IAMR:<processing role name>` on Serverless, `feast_pipeline`
     * on a cluster) and grants it the external schema and Feast's work schema.
     */
    grantPipelineUser(user: pulumi.Input<string>): aws.redshiftdata.Statement[] {
        if (this.externalSchema === undefined)
            throw new Error("createExternalSchema must run before grantPipelineUser");
        const { schema, statement: schemaStatement } = this.externalSchema;
        const sql = pulumi.output(user).apply((u) => pipelineUserSql(u, schema));
        const createUser = this.statement("pipeline-user", sql[0], this.ready);
        return [
            createUser,
            this.statement("grant-external-schema", sql[1], [createUser, schemaStatement]),
            this.statement("grant-work-schema", sql[2], [createUser]),
        ];
    }

    private statement(
        suffix: string,
        sql: pulumi.Input<string>,
        dependsOn: pulumi.Resource[],
    ): aws.redshiftdata.Statement {
        const t = this.target;
        return new aws.redshiftdata.Statement(
            `${this.name}-sql-${suffix}`,
            {
                ...(t.workgroupName !== undefined ? { workgroupName: t.workgroupName } : {}),
                ...(t.clusterIdentifier !== undefined ? { clusterIdentifier: t.clusterIdentifier } : {}),
                // The admin user's managed secret: no master-user credentials in config, no GetClusterCredentials.
                secretArn: t.secretArn,
                database: t.database,
                sql,
                statementName: `${this.name}-${suffix}`,
            },
            { parent: this.parent, dependsOn },
        );
    }
}

/**
 * Every call manifest, and the principals deliberately without one. Adding a call is one entry in the
 * principal's file; adding a principal is one file plus one line here.
 */
import { CallManifest } from "./types";
import { MWAA_EXECUTION_ROLE } from "./mwaaExecutionRole";
import { PIPELINE_PROCESSING_ROLE } from "./pipelineProcessingRole";
import { DEPLOYMENT_GUARDRAILS, SERVING_ROLE } from "./servingRole";
import { MODEL_MONITOR_ROLE } from "./modelMonitorRole";
import { REDSHIFT_ROLE } from "./redshiftRole";
import { FLOW_LOG_ROLE } from "./flowLogRole";
import { ALARMS_ON_KEY, BUDGETS_ON_KEY, LOGS_ON_KEY, MWAA_ON_KEY, SERVICES_ON_KEY } from "./stackKey";

/** File of each manifest (failure messages and the docs page name it). */
export const MANIFESTS: readonly { readonly file: string; readonly manifest: CallManifest }[] = [
    { file: "mwaaExecutionRole.ts", manifest: MWAA_EXECUTION_ROLE },
    { file: "pipelineProcessingRole.ts", manifest: PIPELINE_PROCESSING_ROLE },
    { file: "servingRole.ts", manifest: SERVING_ROLE },
    { file: "servingRole.ts", manifest: DEPLOYMENT_GUARDRAILS },
    { file: "modelMonitorRole.ts", manifest: MODEL_MONITOR_ROLE },
    { file: "redshiftRole.ts", manifest: REDSHIFT_ROLE },
    { file: "flowLogRole.ts", manifest: FLOW_LOG_ROLE },
    { file: "stackKey.ts", manifest: LOGS_ON_KEY },
    { file: "stackKey.ts", manifest: MWAA_ON_KEY },
    { file: "stackKey.ts", manifest: SERVICES_ON_KEY },
    { file: "stackKey.ts", manifest: BUDGETS_ON_KEY },
    { file: "stackKey.ts", manifest: ALARMS_ON_KEY },
];

/** Roles the stack can create that have no manifest, and why. */
export const NOT_MANIFESTED: Readonly<Record<string, string>> = {
    "ci-<github environment>":
        "CiDeployRole (components/ci, only with ci.enabled; neither planned stack turns it on): its calls are the " +
        "Pulumi AWS provider's create/read/update/delete of every resource type the stack plans, not a workload's; " +
        "test/ci/ciDeployRole.spec.ts proves its name-prefix and tag scoping instead.",
};

const DYNAMODB_KMS = "reading and writing items of an existing table needs no data key or Encrypt from the caller";

const FLOW_LOG_GROUP = "arn:aws:logs:{region}:{account}:log-group:{log-group:network-flow-logs}";

/**
 * Planned grants no manifest call needs, with the reason each is listed: the suite found no caller for them.
 * Keyed `<selector> <Sid> <action, or resource with {account}/{region}>`; an entry matching no planned grant
 * fails the suite, so removing the grant forces removing the entry. Each is a candidate for removal by the
 * role's owner; the docs page lists them under "Grants without a known caller".
 */
export const UNNEEDED_GRANT_EXCEPTIONS: Readonly<Record<string, string>> = {
    "role:airflow-processing FeastStackKeyViaDynamoDb kms:GenerateDataKey": DYNAMODB_KMS,
    "role:airflow-processing FeastStackKeyViaDynamoDb kms:Encrypt": DYNAMODB_KMS,
    "role:serving UseStackKey kms:GenerateDataKey":
        "needed for data capture only (prod); dev's endpoint captures nothing but the statement is shared",
    [`role:network-flow-logs DeliverFlowLogsToThisLogGroup ${FLOW_LOG_GROUP}`]:
        "log-stream calls are authorized on `<group>:*` and `<group>:log-stream:…`, never on the bare group",
    "key-policy KeyAdministrationByAccount *":
        "the account's key administrators (people, Pulumi), AWS's default key policy (kms key-policy-default.html); " +
        "not a workload's calls",
    "key-policy UseThroughPlatformServices kms:ReEncrypt*":
        "from AWS's default key-user statement; nothing re-encrypts",
    "key-policy UseThroughPlatformServices kms:ViaService=sns.{region}.amazonaws.com":
        "the async-inference notification topics and the budget topic (serving.asyncInference, " +
        "cost.monthlyBudgetUsd), which neither planned stack turns on",
    "key-policy UseThroughPlatformServices kms:ViaService=redshift.{region}.amazonaws.com":
        "the redshift-cluster engine only; both planned stacks run redshift-serverless",
};

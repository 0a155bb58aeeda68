/**
 * The MWAA execution role and the pipeline processing role as the dev stack renders them, and a real
 * IAM policy engine over them (@cloud-copilot/iam-simulate, AGPL, devDependency only).
 */
import "../iam/resourceTypeCache";
import * as path from "path";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { EncryptionKey } from "../../components/storage/encryptionKey";
import { OrchestrationPipelineArgs } from "../../components/orchestration/executionRole";
import { Orchestration } from "../../components/orchestration/orchestration";
import { ResourceRecorder, settle, startMockRun } from "../../tools/plan/recorder";
import { policyOf, RenderedStatement } from "./helpers";
import { PIPELINE } from "./orchestrationFixtures";

export const projectDir = path.resolve(__dirname, "..", "..", "..");
export const ACCOUNT = "123456789012";
export const ENV_NAME = "mlops-dev-airflow";
export const ENV_ARN = `arn:aws:airflow:us-east-1:${ACCOUNT}:environment/${ENV_NAME}`;
export const ROLE_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/mlops-dev-airflow-execution/AmazonMWAA-airflow`;
export const USER_ID = "AROAEXAMPLEROLEID0000:AmazonMWAA-airflow";
export const TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/customer_segmentation.customer_rfm_features";
export const WORKGROUP = PIPELINE.redshiftArn as string;

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** The stack key's ARN and key policy (KMS needs both the identity policy and the key policy to allow). */
export let KEY = "";
export let keyPolicy: unknown;

export async function simulate(
    policy: unknown,
    action: string,
    resource: string,
    context: Record<string, string | string[]>,
) {
    const kms = action.startsWith("kms:");
    const result = await runSimulation(
        {
            request: {
                principal: ROLE_SESSION,
                action,
                resource: { resource, accountId: ACCOUNT },
                contextVariables: {
                    "aws:userid": USER_ID,
                    ...(kms ? { "kms:CallerAccount": ACCOUNT } : {}),
                    ...context,
                },
            },
            identityPolicies: [{ name: "execution", policy }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            ...(kms && resource === KEY ? { resourcePolicy: keyPolicy } : {}),
        },
        {},
    );
    if (result.resultType === "error") throw new Error(`${action} on ${resource}: ${JSON.stringify(result.errors)}`);
    // "*" against an action with an optional resource type (cloudwatch:PutMetricData) is simulated per pattern.
    const identity = result.resultType === "single" ? [result.result] : result.results;
    return {
        overallResult: result.overallResult,
        identityResults: identity.map((r) => r.analysis.identityAnalysis?.result),
    };
}

/** The overall decision: identity policy, and for the stack key also its key policy. */
export async function decide(
    policy: unknown,
    action: string,
    resource: string,
    context: Record<string, string | string[]> = {},
): Promise<Decision> {
    return (await simulate(policy, action, resource, context)).overallResult as Decision;
}

/** What the execution role's own policy decides (ignoring the key policy). */
export async function identityDecision(
    policy: unknown,
    action: string,
    resource: string,
    context: Record<string, string | string[]> = {},
): Promise<string | undefined> {
    const results = (await simulate(policy, action, resource, context)).identityResults;
    return results.every((r) => r === "Allowed") ? "Allowed" : results.find((r) => r !== "Allowed");
}

export interface Call {
    readonly action: string;
    readonly resource: string;
    readonly context?: Record<string, string | string[]>;
}
export const call = (action: string, resource: string, context?: Record<string, string | string[]>): Call => ({
    action,
    resource,
    ...(context ? { context } : {}),
});

export async function renderedPolicy(pipeline: OrchestrationPipelineArgs | undefined): Promise<{
    rec: ResourceRecorder;
    policy: { Statement: RenderedStatement[] };
    processing: { Statement: RenderedStatement[] };
    dagBucket: string;
}> {
    const rec = startMockRun({ stack: "dev" });
    const key = new EncryptionKey("key", { environment: "dev" });
    new Orchestration(ENV_NAME, {
        environment: "dev",
        kmsKeyArn: key.keyArn,
        accessLogBucket: "access-logs",
        vpcId: "vpc-0123456789abcdef0",
        privateSubnetIds: ["subnet-0000000000000000a", "subnet-0000000000000000b"],
        projectDir,
        pipeline,
    });
    await settle();
    KEY = rec.named("aws:kms/key:Key", "key").outputs.arn as string;
    keyPolicy = policyOf(rec.named("aws:kms/key:Key", "key"));
    const policy = policyOf(rec.named("aws:iam/rolePolicy:RolePolicy", `${ENV_NAME}-execution`));
    const dagBucket = rec.named("aws:s3/bucket:Bucket", `${ENV_NAME}-dags`).outputs.bucket as string;
    const processingPolicies = rec
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .filter((r) => r.name === `${ENV_NAME}-processing`);
    const processing = processingPolicies.length === 1 ? policyOf(processingPolicies[0]) : { Statement: [] };
    return { rec, policy, processing, dagBucket };
}

export const PROCESSING_JOB =
    `arn:aws:sagemaker:us-east-1:${ACCOUNT}:processing-job/` + `${ENV_NAME}-feature-engineering-20261121t000000`;

/** What the dev stack with pipeline resources renders; set by renderPipelineRoles (one before hook per spec). */
export let rec: ResourceRecorder;
/** The MWAA execution role's policy (orchestration only). */
export let policy: { Statement: RenderedStatement[] };
/** The Processing jobs' execution role's policy (the steps' data grants). */
export let processing: { Statement: RenderedStatement[] };
export let dagBucket: string;
export let processingRoleArn: string;
export let pipelineRepositoryArn: string;
export let processingGroupArn: string;

/** Registers the dev stack's key and Orchestration with PIPELINE and reads both roles' policies and ARNs. */
export async function renderPipelineRoles(): Promise<void> {
    ({ rec, policy, processing, dagBucket } = await renderedPolicy(PIPELINE));
    processingRoleArn = rec.named("aws:iam/role:Role", `${ENV_NAME}-processing`).outputs.arn as string;
    pipelineRepositoryArn = rec.named("aws:ecr/repository:Repository", `${ENV_NAME}-pipeline-image`).outputs
        .arn as string;
    const sg = rec.named("aws:ec2/securityGroup:SecurityGroup", `${ENV_NAME}-processing`);
    const group = (sg.outputs.id ?? sg.id) as string;
    processingGroupArn = `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${group}`;
}

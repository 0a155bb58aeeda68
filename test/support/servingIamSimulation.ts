/**
 * The prod serving stack's policies as the components render them (endpoint role identity and trust
 * policy, ECR repository policy, stack key policy) and a real IAM evaluator over them
 * (@cloud-copilot/iam-simulate, a dev-only dependency), shared by the serving IAM specs.
 */
import "../iam/resourceTypeCache";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import * as assert from "assert";
import { EncryptionKey } from "../../components/storage/encryptionKey";
import { ModelEndpoint } from "../../components/serving/modelEndpoint";
import { ModelRegistry } from "../../components/serving/modelRegistry";
import { settle, startMockRun, valueOf } from "../../tools/plan/recorder";
import { policyOf } from "./helpers";

export const ACCOUNT = "123456789012";
export const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/customer_segmentation.customer_rfm_features`;
export const OTHER_TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/customer_segmentation.other_features`;
export const MODEL_BUCKET = "mlops-prod-model-registry-1234567";
export const CAPTURE_BUCKET = "mlops-prod-data-capture-1234567";
export const REGISTRY_BUCKET = "mlops-prod-feature-registry-1234567";
export const OTHER_REPO = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/someone-elses-images`;
export const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/ci-builder`;

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";
export interface Request {
    readonly action: string;
    readonly resource: string;
    readonly principal?: string;
    readonly context?: Record<string, string>;
    /** Evaluate only the resource policy (no identity policy), e.g. another principal of the account. */
    readonly withoutIdentityPolicy?: boolean;
    readonly resourcePolicy?: unknown;
}

/** What the prod stack renders for the endpoint role; set by renderProdServing (one before hook per spec). */
export let roleArn: string;
export let repoArn: string;
export let keyArn: string;
export let identityPolicy: unknown;
export let repositoryPolicy: unknown;
export let keyPolicy: unknown;
export let trustPolicy: unknown;

/** Registers the prod key, registry and endpoint on the mock and reads the policies they render. */
export async function renderProdServing(): Promise<void> {
    const rec = startMockRun({ stack: "prod" });
    const key = new EncryptionKey("mlops-prod-key", { environment: "prod" });
    const registry = new ModelRegistry("mlops-prod-models", { environment: "prod", kmsKeyArn: key.keyArn });
    const endpoint = new ModelEndpoint("mlops-prod-serving", {
        environment: "prod",
        endpointName: "customer-segmentation",
        repositoryUrl: registry.repositoryUrl,
        repositoryArn: registry.repositoryArn,
        repositoryName: registry.repositoryName,
        image: { tag: "v0.0" },
        variants: [
            { name: "primary", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.9 },
            { name: "challenger", instanceType: "ml.m5.large", initialInstanceCount: 2, weight: 0.1 },
        ],
        kmsKeyArn: key.keyArn,
        modelBucketName: MODEL_BUCKET,
        modelBucketArn: `arn:aws:s3:::${MODEL_BUCKET}`,
        featureTableArns: [TABLE],
        featureRegistryObjectArn: `arn:aws:s3:::${REGISTRY_BUCKET}/registry.db`,
        dataCapture: { enabled: true, samplingPercentage: 20 },
        dataCaptureBucketName: CAPTURE_BUCKET,
        dataCaptureBucketArn: `arn:aws:s3:::${CAPTURE_BUCKET}`,
        deployment: { strategy: "canary" },
        monitoring: { engine: "external" },
    });
    await settle();
    roleArn = await valueOf(endpoint.roleArn);
    repoArn = await valueOf(registry.repositoryArn);
    keyArn = await valueOf(key.keyArn);
    identityPolicy = policyOf(rec.named("aws:iam/rolePolicy:RolePolicy", "mlops-prod-serving"));
    repositoryPolicy = policyOf(
        rec.named("aws:ecr/repositoryPolicy:RepositoryPolicy", "mlops-prod-serving-image-pull"),
    );
    keyPolicy = policyOf(rec.named("aws:kms/key:Key", "mlops-prod-key"));
    trustPolicy = policyOf(rec.named("aws:iam/role:Role", "mlops-prod-serving"), "assumeRolePolicy");
}

export async function decide(request: Request): Promise<Decision> {
    const result = await runSimulation(
        {
            request: {
                principal: request.principal ?? roleArn,
                action: request.action,
                resource: { resource: request.resource, accountId: ACCOUNT },
                // AWS sets these global keys on every request signed by an IAM principal; the simulator needs them
                // given.
                contextVariables: {
                    ...(request.principal === undefined || request.principal.startsWith("arn:")
                        ? { "aws:PrincipalAccount": ACCOUNT, "aws:PrincipalArn": request.principal ?? roleArn }
                        : {}),
                    ...(request.context ?? {}),
                },
            },
            identityPolicies: request.withoutIdentityPolicy ? [] : [{ name: "serving", policy: identityPolicy }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            ...(request.resourcePolicy !== undefined ? { resourcePolicy: request.resourcePolicy } : {}),
        },
        {},
    );
    if (result.resultType === "error")
        assert.fail(
            `simulation of ${request.action} on ${request.resource} is invalid: ${JSON.stringify(result.errors)}`,
        );
    return result.overallResult as Decision;
}

export const expectAllowed = async (r: Request) =>
    assert.strictEqual(await decide(r), "Allowed", `${r.action} on ${r.resource} should be allowed`);
export const expectDenied = async (r: Request) =>
    assert.notStrictEqual(await decide(r), "Allowed", `${r.action} on ${r.resource} should be denied`);
export const kmsContext = (service: string) => ({
    "kms:ViaService": `${service}.us-east-1.amazonaws.com`,
    "kms:CallerAccount": ACCOUNT,
});

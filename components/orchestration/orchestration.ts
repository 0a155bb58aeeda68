import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, statefulOptions } from "../core/context";
import { Environment } from "../core/environment";
import { policyDocument, regionalArn, serviceTrustPolicy } from "../core/iam";
import { stackTags } from "../core/tags";
import { SecureBucket } from "../storage/secureBucket";
import { slug } from "./airflowFiles";
import { PLATFORM_AIRFLOW_OPTIONS } from "./airflowOptionRules";
import { dagObjectUploader } from "./dagUploads";
import { executionRoleStatements, OrchestrationPipelineArgs } from "./executionRole";
import { mwaaSecurityGroup } from "./mwaaSecurityGroup";
import { checkOrchestrationArgs } from "./orchestrationArgChecks";
import {
    createProcessingRole,
    PIPELINE_JOB_CONFIG_KEY,
    pipelineDataOptions,
    registerPipelineCompute,
} from "./pipelineCompute";
import { PipelineSettings } from "./pipelineSettings";
import { MWAA_DEFAULTS, ORCHESTRATION_DEFAULTS, OrchestrationSettings } from "./orchestrationSettings";
import type { Integer } from "../core/schemaPrimitives";

/** Arguments of `Orchestration`: the config settings plus what the environment is wired to. */
export interface OrchestrationArgs extends OrchestrationSettings {
    /** Deployment environment; selects class, workers, log retention and protection defaults. */
    readonly environment: Environment;
    /** Customer-managed KMS key for the environment, the DAG bucket and the Airflow log groups. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Bucket receiving the DAG bucket's server access logs. */
    readonly accessLogBucket: pulumi.Input<string>;
    /** VPC the environment runs in. */
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets (at least two, in different AZs); MWAA takes exactly two: the first two are used. */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Security groups whose members may open the private Airflow UI/API (HTTPS). Default: none besides the
     * environment's own.
     */
    readonly webserverClientSecurityGroupIds?: pulumi.Input<string>[];
    /** MWAA environment name (also names its log groups `airflow-<name>-<Type>`). Default: the component name. */
    readonly environmentName?: string;
    /** Airflow log retention in days. Default: the environment's log retention (30 dev, 365 prod). */
    readonly logRetentionDays?: Integer;
    /**
     * Directory the file paths below are relative to. Default: the Pulumi project directory (the working directory in
     * mock runs).
     */
    readonly projectDir?: string;
    /** The data the DAGs read and write; without it the role gets only the MWAA baseline. */
    readonly pipeline?: OrchestrationPipelineArgs;
    /** The pipeline image and each step's compute (with `pipeline`). Default: no image (the DAGs stay off). */
    readonly pipelines?: PipelineSettings;
    /** Protect and retain the DAG bucket and log groups on delete. Default: true in prod. */
    readonly protect?: boolean;
    /** Tags added to the required ones. */
    readonly tags?: Record<string, string>;
}

/** MWAA log types: the `loggingConfiguration` key and the suffix of the log group MWAA writes to. */
export const MWAA_LOG_TYPES = [
    { key: "dagProcessingLogs", suffix: "DAGProcessing" },
    { key: "schedulerLogs", suffix: "Scheduler" },
    { key: "taskLogs", suffix: "Task" },
    { key: "webserverLogs", suffix: "WebServer" },
    { key: "workerLogs", suffix: "Worker" },
] as const;

/**
 * Amazon MWAA in private subnets: a security group that admits only itself (plus listed client
 * groups on HTTPS), a versioned SecureBucket for DAGs with version-pinned requirements / plugins /
 * startup script, the five Airflow log groups pre-created with retention and KMS, the environment
 * itself (stack key, all logs on, PRIVATE_ONLY by default) and a least-privilege execution role
 * whose every statement names the workflow step that needs it.
 */
export class Orchestration extends pulumi.ComponentResource {
    /** MWAA environment ARN. */
    public readonly environmentArn: pulumi.Output<string>;
    /** MWAA environment name. */
    public readonly environmentName: pulumi.Output<string>;
    /** Airflow UI hostname (private VPC endpoint hostname when PRIVATE_ONLY). */
    public readonly webserverUrl: pulumi.Output<string>;
    /** Execution role ARN. */
    public readonly executionRoleArn: pulumi.Output<string>;
    /** Execution role name (to attach further grants for new DAGs). */
    public readonly executionRoleName: pulumi.Output<string>;
    /** DAG bucket name. */
    public readonly dagBucketName: pulumi.Output<string>;
    /** DAG bucket ARN. */
    public readonly dagBucketArn: pulumi.Output<string>;
    /** Security group of the environment. */
    public readonly securityGroupId: pulumi.Output<string>;
    /** Names of the five Airflow log groups. */
    public readonly logGroupNames: pulumi.Output<string[]>;
    /** Pipeline image repository URL (push `pipelines/` here); unset without `pipeline`. */
    public readonly pipelineRepositoryUrl?: pulumi.Output<string>;
    /** Execution role of the pipeline's Processing jobs (it registers model package versions). */
    public readonly processingRoleArn?: pulumi.Output<string>;
    /** Name of the Processing jobs' execution role (its Redshift Serverless user is `IAMR:<name>`), with `pipeline`. */
    public readonly processingRoleName?: pulumi.Output<string>;

    constructor(name: string, args: OrchestrationArgs, opts?: pulumi.ComponentResourceOptions) {
        // ---- Validate everything before registering anything ----
        const { capacity, webserverAccessMode, environmentName, logRetentionDays, airflowVersion, files } =
            checkOrchestrationArgs(name, args);

        super("mlops-platform:index:Orchestration", name, {}, opts);
        const tags = stackTags(args.environment, args.tags);
        const child = { parent: this };
        const stateful = { parent: this, ...statefulOptions(args.environment, args.protect) };
        const context = awsContext(this);
        const { accountId, region, partition } = context;
        const environmentArn = regionalArn(context, "airflow", `environment/${environmentName}`);

        // ---- Network: only the environment's own members talk to each other ----
        const securityGroup = mwaaSecurityGroup(name, environmentName, args, tags, child);

        // ---- DAG bucket: versioned (MWAA requires it), KMS, TLS only, logged ----
        const dagBucket = new SecureBucket(
            `${name}-dags`,
            {
                environment: args.environment,
                purpose: "dags",
                kmsKeyArn: args.kmsKeyArn,
                accessLogBucket: args.accessLogBucket,
                versioning: true,
                ...(args.protect !== undefined ? { protect: args.protect } : {}),
                tags: args.tags,
            },
            child,
        );
        const object = dagObjectUploader(name, dagBucket, tags, this);
        const requirements = object("requirements", "requirements.txt", { content: files.requirements });
        const dagObjects = files.dags.map((dag) =>
            object(`dag-${slug(dag.relative)}`, `dags/${dag.relative}`, { file: dag.absolute }),
        );
        const plugins =
            files.plugins !== undefined ? object("plugins", "plugins.zip", { file: files.plugins }) : undefined;
        const startupScript =
            files.startupScript !== undefined
                ? object("startup-script", "startup.sh", { file: files.startupScript })
                : undefined;

        // ---- Log groups ----
        // MWAA writes each log type to a group it names `airflow-<environment>-<Type>` and creates it
        // if missing, but the API has no retention or KMS setting for it: a group MWAA creates never
        // expires and is encrypted with an AWS-owned key. Pre-creating the five groups under those
        // exact names (before the environment, hence dependsOn) lets the stack own their retention and
        // encryption with the stack key; MWAA then writes into the existing groups. The key policy
        // lets logs.<region>.amazonaws.com use the key for this account's log groups.
        const logGroups = MWAA_LOG_TYPES.map(
            (type) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-${type.suffix.toLowerCase()}`,
                    {
                        name: `airflow-${environmentName}-${type.suffix}`,
                        retentionInDays: logRetentionDays,
                        kmsKeyId: args.kmsKeyArn,
                        tags,
                    },
                    stateful,
                ),
        );

        // ---- Execution role ----
        const role = new aws.iam.Role(
            `${name}-execution`,
            {
                description: `Execution role of MWAA environment ${environmentName}`,
                // airflow-env.amazonaws.com runs the environment, airflow.amazonaws.com manages it;
                // both only for this account's environment of this name (confused-deputy guard).
                assumeRolePolicy: serviceTrustPolicy(
                    ["airflow.amazonaws.com", "airflow-env.amazonaws.com"],
                    accountId,
                    [environmentArn],
                ),
                maxSessionDuration: 3600,
                tags,
            },
            child,
        );
        // ---- Processing role: the steps run as SageMaker Processing jobs with the data grants ----
        const jobPrefix = environmentName.toLowerCase().replace(/_/g, "-");
        const processingRole =
            args.pipeline !== undefined
                ? createProcessingRole(`${name}-processing`, environmentName, accountId, tags, this)
                : undefined;
        const statements = executionRoleStatements({
            environmentName,
            environmentArn,
            accountId,
            region,
            partition,
            dagBucketArn: dagBucket.bucketArn,
            kmsKeyArn: args.kmsKeyArn,
            pipeline: args.pipeline,
            processingRoleArn: processingRole?.arn,
            processingJobPrefix: jobPrefix,
        });
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-execution`,
            { role: role.id, policy: policyDocument(statements) },
            child,
        );

        // Registered after the execution role's policy: the MWAA policy stays the stack's first RolePolicy.
        const compute =
            processingRole !== undefined && args.pipeline !== undefined
                ? registerPipelineCompute(
                      name,
                      {
                          environment: args.environment,
                          environmentName,
                          jobPrefix,
                          kmsKeyArn: args.kmsKeyArn,
                          vpcId: args.vpcId,
                          privateSubnetIds: args.privateSubnetIds,
                          pipeline: args.pipeline,
                          pipelines: args.pipelines ?? {},
                          accountId,
                          region,
                          partition,
                          protect: args.protect,
                          tags,
                      },
                      processingRole,
                      this,
                  )
                : undefined;
        // Beside the DAGs, not in the Airflow configuration: pinning a new image, resizing a step or a new
        // feature repository version updates one S3 object, not the MWAA environment (an update takes
        // 20-60 minutes). It names the Feast repository, which waits for Redshift, so the environment does
        // not wait for it: until it lands the DAGs read no config and define nothing (mlops_settings.py).
        if (compute !== undefined)
            object("pipeline-job-config", PIPELINE_JOB_CONFIG_KEY, { content: compute.jobConfig });
        // ---- The environment ----
        const pipelineOptions = args.pipeline !== undefined ? pipelineDataOptions(args.pipeline) : {};
        const loggingConfiguration = Object.fromEntries(
            MWAA_LOG_TYPES.map((type) => [
                type.key,
                { enabled: true, logLevel: args.logLevel ?? ORCHESTRATION_DEFAULTS.logLevel },
            ]),
        ) as aws.types.input.mwaa.EnvironmentLoggingConfiguration;
        const environment = new aws.mwaa.Environment(
            name,
            {
                name: environmentName,
                airflowVersion,
                environmentClass: capacity.environmentClass,
                minWorkers: capacity.minWorkers,
                maxWorkers: capacity.maxWorkers,
                schedulers: capacity.schedulers,
                minWebservers: capacity.minWebservers,
                maxWebservers: capacity.maxWebservers,
                webserverAccessMode,
                workerReplacementStrategy:
                    args.workerReplacementStrategy ?? MWAA_DEFAULTS[args.environment].workerReplacementStrategy,
                // MWAA creates and owns the VPC endpoints (webserver, metadata DB) in our private subnets.
                endpointManagement: "SERVICE",
                executionRoleArn: role.arn,
                kmsKey: args.kmsKeyArn,
                sourceBucketArn: dagBucket.bucketArn,
                dagS3Path: "dags/",
                requirementsS3Path: requirements.key,
                requirementsS3ObjectVersion: requirements.versionId,
                ...(plugins !== undefined
                    ? { pluginsS3Path: plugins.key, pluginsS3ObjectVersion: plugins.versionId }
                    : {}),
                ...(startupScript !== undefined
                    ? { startupScriptS3Path: startupScript.key, startupScriptS3ObjectVersion: startupScript.versionId }
                    : {}),
                networkConfiguration: {
                    securityGroupIds: [securityGroup.id],
                    subnetIds: pulumi.output(args.privateSubnetIds).apply((ids) => ids.slice(0, 2)),
                },
                loggingConfiguration,
                airflowConfigurationOptions: {
                    ...PLATFORM_AIRFLOW_OPTIONS,
                    ...pipelineOptions,
                    ...args.airflowConfigurationOptions,
                },
                ...(args.weeklyMaintenanceWindowStart !== undefined
                    ? { weeklyMaintenanceWindowStart: args.weeklyMaintenanceWindowStart }
                    : {}),
                tags,
            },
            {
                parent: this,
                // The execution role's grants and the log groups must exist before MWAA validates them, the
                // DAGs before its first parse. Not the processing grants or mlops_pipeline.json (both wait for
                // Redshift): MWAA "syncs from S3 and parses on its own schedule" (aws/agent-toolkit-for-aws
                // authoring-mwaa-workflow/references/deploying-mwaa.md), so MWAA never waits behind Redshift.
                dependsOn: [rolePolicy, ...logGroups, ...dagObjects],
                // Creating an environment routinely takes 20-60 minutes and can exceed an hour; an update
                // that reinstalls requirements takes as long. The provider's defaults (2h/2h/90m) are the
                // floor: never shorten delete below 90m, or a slow teardown leaves the stack half-deleted.
                customTimeouts: { create: "3h", update: "3h", delete: "2h" },
            },
        );

        this.environmentArn = environment.arn;
        this.environmentName = environment.name;
        this.webserverUrl = environment.webserverUrl;
        this.executionRoleArn = role.arn;
        this.processingRoleArn = processingRole?.arn;
        this.executionRoleName = role.name;
        this.dagBucketName = dagBucket.bucketName;
        this.dagBucketArn = dagBucket.bucketArn;
        this.securityGroupId = securityGroup.id;
        this.logGroupNames = pulumi.all(logGroups.map((g) => g.name));
        this.pipelineRepositoryUrl = compute?.repository.repositoryUrl;
        this.processingRoleName = processingRole?.name;
        this.registerOutputs({
            environmentArn: this.environmentArn,
            environmentName: this.environmentName,
            webserverUrl: this.webserverUrl,
            executionRoleArn: this.executionRoleArn,
            processingRoleArn: this.processingRoleArn,
            executionRoleName: this.executionRoleName,
            dagBucketName: this.dagBucketName,
            dagBucketArn: this.dagBucketArn,
            securityGroupId: this.securityGroupId,
            logGroupNames: this.logGroupNames,
            pipelineRepositoryUrl: this.pipelineRepositoryUrl,
            processingRoleName: this.processingRoleName,
        });
    }
}

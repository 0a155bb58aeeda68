import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import {
    AirflowLogLevel,
    AirflowVersion,
    ConfigError,
    DEFAULT_AIRFLOW_VERSION,
    Environment,
    environmentProfile,
    MwaaEnvironmentClass,
    OfflineStoreEngine,
    WebserverAccessMode,
    resolveMwaaCapacity,
    schemas,
    validateComponentArgs,
} from "./config";
import { awsContext, statefulOptions, stackTags } from "./context";
import { bucketObjectsArn, policyDocument, PolicyStatement, serviceTrustPolicy } from "./iam";
import { CLOUDWATCH_RETENTION_DAYS } from "./network";
import { SecureBucket } from "./secureBucket";

/**
 * The data the pipelines (DAGs) touch. Every execution-role grant beyond the MWAA baseline is
 * scoped to exactly these resources.
 */
export interface OrchestrationPipelineArgs {
    /** Raw data bucket (feature engineering reads `online-retail.csv` and friends). */
    readonly rawBucketName: pulumi.Input<string>;
    /** ARN of the raw data bucket. */
    readonly rawBucketArn: pulumi.Input<string>;
    /** Feast offline-store bucket (feature engineering writes Parquet; Redshift UNLOAD stages under `staging/`). */
    readonly offlineBucketName: pulumi.Input<string>;
    /** ARN of the offline-store bucket. */
    readonly offlineBucketArn: pulumi.Input<string>;
    /** Bucket holding the Feast registry object. */
    readonly featureRegistryBucketName: pulumi.Input<string>;
    /** ARN of the Feast registry bucket. */
    readonly featureRegistryBucketArn: pulumi.Input<string>;
    /** Key of the Feast registry object. Default: `registry.db` (what FeatureStore's `feature_store.yaml` points at). */
    readonly registryObjectKey?: string;
    /** Model registry bucket: model artifacts and the pipeline notebooks under `notebooks/`. Read-only for Airflow. */
    readonly modelRegistryBucketName: pulumi.Input<string>;
    /** ARN of the model registry bucket. */
    readonly modelRegistryBucketArn: pulumi.Input<string>;
    /** Predictions bucket: batch scores and executed notebooks (`notebook-runs/`). */
    readonly predictionsBucketName: pulumi.Input<string>;
    /** ARN of the predictions bucket. */
    readonly predictionsBucketArn: pulumi.Input<string>;
    /** Glue database of the Feast offline store. */
    readonly glueDatabaseName: pulumi.Input<string>;
    /** ARN of the Glue database. */
    readonly glueDatabaseArn: pulumi.Input<string>;
    /** ARNs of the feature-view Glue tables. */
    readonly glueTableArns: pulumi.Input<pulumi.Input<string>[]>;
    /** Offline store engine, which decides the Redshift grants. */
    readonly redshiftEngine: OfflineStoreEngine;
    /** ARN of the Redshift Serverless workgroup or the provisioned cluster. */
    readonly redshiftArn: pulumi.Input<string>;
    /** Redshift database Feast queries. */
    readonly redshiftDatabase: pulumi.Input<string>;
    /** Cluster engine: cluster identifier (for `GetClusterCredentials`). */
    readonly redshiftClusterIdentifier?: pulumi.Input<string>;
    /** Cluster engine: database user Feast connects as. Default: `feast_admin` (FeatureStore's default admin). */
    readonly redshiftDbUser?: pulumi.Input<string>;
    /** Role Redshift assumes for Spectrum and UNLOAD; the only role Airflow may pass. */
    readonly redshiftRoleArn: pulumi.Input<string>;
    /** ARNs of the Feast online-store DynamoDB tables. */
    readonly onlineTableArns: pulumi.Input<pulumi.Input<string>[]>;
    /** Feast `feature_store.yaml`; uploaded to `dags/feature_repo/` so tasks can run `feast` against this stack. */
    readonly featureStoreYaml?: pulumi.Input<string>;
}

/** The MWAA settings of the stack config (`mlops-platform:orchestration`), shared by the component and the platform. */
export interface OrchestrationSettings {
    /** Airflow version. Default: 2.10.3. */
    readonly airflowVersion?: AirflowVersion;
    /** Environment class. Default: the profile's (mw1.small). */
    readonly environmentClass?: MwaaEnvironmentClass;
    /** Workers always running. Default: 1 (2 in prod). */
    readonly minWorkers?: number;
    /** Worker ceiling for autoscaling. Default: 2 in dev, 5 in staging/prod. */
    readonly maxWorkers?: number;
    /** Schedulers. Default: 2 (1 on mw1.micro). */
    readonly schedulers?: number;
    /** Minimum webservers. Default: 2 (1 on mw1.micro). */
    readonly minWebservers?: number;
    /** Maximum webservers. Default: 2, 3 in prod (1 on mw1.micro). */
    readonly maxWebservers?: number;
    /** Where the Airflow UI is reachable. Default: PRIVATE_ONLY; PUBLIC_ONLY is refused in prod. */
    readonly webserverAccessMode?: WebserverAccessMode;
    /** Level of all five Airflow log types (INFO or above). Default: INFO. */
    readonly logLevel?: AirflowLogLevel;
    /** Weekly maintenance window start (UTC), e.g. `SUN:03:00`. Default: AWS chooses. */
    readonly weeklyMaintenanceWindowStart?: string;
    /** requirements.txt to install. Default: `airflow/requirements.txt`; its `--constraint` must match airflowVersion. */
    readonly requirementsFile?: string;
    /** Directory whose files are uploaded to `dags/` (recursively). Default: `airflow/dags`. */
    readonly dagsDir?: string;
    /** plugins.zip to upload and pin. Default: none. */
    readonly pluginsFile?: string;
    /** Startup shell script to upload and pin. Default: none. */
    readonly startupScriptFile?: string;
    /** Extra Airflow configuration options (`section.option` → value), merged over the defaults. */
    readonly airflowConfigurationOptions?: Record<string, string>;
}

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
    /** Security groups whose members may open the private Airflow UI/API (HTTPS). Default: none besides the environment's own. */
    readonly webserverClientSecurityGroupIds?: pulumi.Input<string>[];
    /** MWAA environment name (also names its log groups `airflow-<name>-<Type>`). Default: the component name. */
    readonly environmentName?: string;
    /** Airflow log retention in days. Default: the environment's log retention (30 dev, 365 prod). */
    readonly logRetentionDays?: number;
    /** Directory the file paths below are relative to. Default: the Pulumi project directory (the working directory in mock runs). */
    readonly projectDir?: string;
    /** The data the DAGs read and write; without it the role gets only the MWAA baseline. */
    readonly pipeline?: OrchestrationPipelineArgs;
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

/** Airflow configuration section the DAGs read their bucket names and paths from (`conf.get("mlops", ...)`). */
export const PIPELINE_CONFIG_SECTION = "mlops";

const DEFAULT_REQUIREMENTS = "airflow/requirements.txt";
const DEFAULT_DAGS_DIR = "airflow/dags";
const FEATURE_REPO_KEY = "dags/feature_repo/feature_store.yaml";

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

    constructor(name: string, args: OrchestrationArgs, opts?: pulumi.ComponentResourceOptions) {
        // ---- Validate everything before registering anything ----
        const settings = {
            airflowVersion: args.airflowVersion,
            environmentClass: args.environmentClass,
            minWorkers: args.minWorkers,
            maxWorkers: args.maxWorkers,
            schedulers: args.schedulers,
            minWebservers: args.minWebservers,
            maxWebservers: args.maxWebservers,
            webserverAccessMode: args.webserverAccessMode,
            logLevel: args.logLevel,
            weeklyMaintenanceWindowStart: args.weeklyMaintenanceWindowStart,
            requirementsFile: args.requirementsFile,
            dagsDir: args.dagsDir,
            pluginsFile: args.pluginsFile,
            startupScriptFile: args.startupScriptFile,
            airflowConfigurationOptions: args.airflowConfigurationOptions,
        };
        const subject = `Orchestration ${name}`;
        validateComponentArgs(subject, schemas.orchestration, settings);
        const capacity = resolveMwaaCapacity(args.environment, args);
        // The resolved values (explicit + profile defaults) must hold together too.
        validateComponentArgs(subject, schemas.orchestration, { ...settings, ...capacity });
        const problems: string[] = [];
        const webserverAccessMode = args.webserverAccessMode ?? "PRIVATE_ONLY";
        if (args.environment === "prod" && webserverAccessMode === "PUBLIC_ONLY") {
            problems.push("webserverAccessMode: PUBLIC_ONLY is refused in prod; use PRIVATE_ONLY and reach the UI through the VPC");
        }
        const environmentName = args.environmentName ?? name;
        if (!/^[a-zA-Z][0-9a-zA-Z_-]{0,79}$/.test(environmentName)) {
            problems.push("environmentName: must start with a letter and hold only letters, digits, - and _ (max 80 characters)");
        }
        const profile = environmentProfile(args.environment);
        const logRetentionDays = args.logRetentionDays ?? profile.logRetentionDays;
        if (!CLOUDWATCH_RETENTION_DAYS.includes(logRetentionDays)) {
            problems.push(`logRetentionDays: must be one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`);
        }
        const airflowVersion = args.airflowVersion ?? DEFAULT_AIRFLOW_VERSION;
        // The Pulumi project directory (where Pulumi.yaml is); mock runs have none and use the working directory.
        const root = pulumi.runtime.getRootDirectory();
        const projectDir = args.projectDir ?? (path.isAbsolute(root) && fs.existsSync(root) ? root : process.cwd());
        const files = readAirflowFiles(projectDir, args, airflowVersion, problems);
        if (problems.length > 0) throw new ConfigError(problems, `arguments of ${subject}`);

        super("mlops-platform:index:Orchestration", name, {}, opts);
        const tags = stackTags(args.environment, args.tags);
        const child = { parent: this };
        const stateful = { parent: this, ...statefulOptions(args.environment, args.protect) };
        const { accountId, region, partition } = awsContext(this);
        const environmentArn = pulumi.interpolate`arn:${partition}:airflow:${region}:${accountId}:environment/${environmentName}`;

        // ---- Network: only the environment's own members talk to each other ----
        const securityGroup = new aws.ec2.SecurityGroup(
            name,
            {
                vpcId: args.vpcId,
                description: `MWAA environment ${environmentName}: traffic only between its own members`,
                ingress: [
                    {
                        description: "All traffic from members of this group (MWAA workers, schedulers, webserver, metadata DB endpoint)",
                        protocol: "-1",
                        fromPort: 0,
                        toPort: 0,
                        self: true,
                    },
                    ...(args.webserverClientSecurityGroupIds ?? []).map((sg) => ({
                        description: "HTTPS to the private Airflow UI/API from an allowed client security group",
                        protocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        securityGroups: [sg],
                    })),
                ],
                egress: [
                    { description: "All traffic to members of this group", protocol: "-1", fromPort: 0, toPort: 0, self: true },
                    {
                        description: "HTTPS to AWS APIs (S3, SQS, CloudWatch, KMS, Redshift Data, DynamoDB) and PyPI through the NAT gateway",
                        protocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        cidrBlocks: ["0.0.0.0/0"],
                    },
                ],
                tags,
            },
            child,
        );

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
        const bucket = dagBucket.bucketName;
        // Uploads wait for the whole SecureBucket (versioning, SSE-KMS default, public access block,
        // policy): an object written before versioning is on has no versionId to pin, and one written
        // before the KMS default is encrypted with SSE-S3 instead of the stack key.
        const uploadOptions = { parent: this, dependsOn: [dagBucket] };
        const object = (logicalSuffix: string, key: string, body: { content: string } | { file: string }) =>
            new aws.s3.BucketObjectv2(
                `${name}-${logicalSuffix}`,
                {
                    bucket,
                    key,
                    ...("content" in body
                        ? { content: body.content }
                        : // S3's ETag is not an MD5 under SSE-KMS, so the file hash is what detects edits.
                          { source: new pulumi.asset.FileAsset(body.file), sourceHash: md5(fs.readFileSync(body.file)) }),
                    contentType: contentTypeOf(key),
                    tags,
                },
                uploadOptions,
            );
        const requirements = object("requirements", "requirements.txt", { content: files.requirements });
        const dagObjects = files.dags.map((dag) => object(`dag-${slug(dag.relative)}`, `dags/${dag.relative}`, { file: dag.absolute }));
        if (args.pipeline?.featureStoreYaml !== undefined) {
            dagObjects.push(
                new aws.s3.BucketObjectv2(
                    `${name}-feature-store-yaml`,
                    { bucket, key: FEATURE_REPO_KEY, content: args.pipeline.featureStoreYaml, contentType: "application/yaml", tags },
                    uploadOptions,
                ),
            );
        }
        const plugins = files.plugins !== undefined ? object("plugins", "plugins.zip", { file: files.plugins }) : undefined;
        const startupScript = files.startupScript !== undefined ? object("startup-script", "startup.sh", { file: files.startupScript }) : undefined;

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
                    { name: `airflow-${environmentName}-${type.suffix}`, retentionInDays: logRetentionDays, kmsKeyId: args.kmsKeyArn, tags },
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
                assumeRolePolicy: serviceTrustPolicy(["airflow.amazonaws.com", "airflow-env.amazonaws.com"], accountId, [environmentArn]),
                maxSessionDuration: 3600,
                tags,
            },
            child,
        );
        const statements = executionRoleStatements({
            environmentName,
            environmentArn,
            accountId,
            region,
            partition,
            dagBucketArn: dagBucket.bucketArn,
            kmsKeyArn: args.kmsKeyArn,
            pipeline: args.pipeline,
        });
        const rolePolicy = new aws.iam.RolePolicy(`${name}-execution`, { role: role.id, policy: policyDocument(statements) }, child);

        // ---- The environment ----
        const pipeline = args.pipeline;
        const pipelineOptions: Record<string, pulumi.Input<string>> =
            pipeline !== undefined
                ? {
                      [`${PIPELINE_CONFIG_SECTION}.raw_bucket`]: pipeline.rawBucketName,
                      [`${PIPELINE_CONFIG_SECTION}.offline_bucket`]: pipeline.offlineBucketName,
                      [`${PIPELINE_CONFIG_SECTION}.registry_path`]: pulumi.interpolate`s3://${pipeline.featureRegistryBucketName}/${pipeline.registryObjectKey ?? "registry.db"}`,
                      [`${PIPELINE_CONFIG_SECTION}.model_registry_bucket`]: pipeline.modelRegistryBucketName,
                      [`${PIPELINE_CONFIG_SECTION}.predictions_bucket`]: pipeline.predictionsBucketName,
                      [`${PIPELINE_CONFIG_SECTION}.feature_repo`]: "/usr/local/airflow/dags/feature_repo",
                  }
                : {};
        const loggingConfiguration = Object.fromEntries(
            MWAA_LOG_TYPES.map((type) => [type.key, { enabled: true, logLevel: args.logLevel ?? "INFO" }]),
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
                // MWAA creates and owns the VPC endpoints (webserver, metadata DB) in our private subnets.
                endpointManagement: "SERVICE",
                executionRoleArn: role.arn,
                kmsKey: args.kmsKeyArn,
                sourceBucketArn: dagBucket.bucketArn,
                dagS3Path: "dags/",
                requirementsS3Path: requirements.key,
                requirementsS3ObjectVersion: requirements.versionId,
                ...(plugins !== undefined ? { pluginsS3Path: plugins.key, pluginsS3ObjectVersion: plugins.versionId } : {}),
                ...(startupScript !== undefined ? { startupScriptS3Path: startupScript.key, startupScriptS3ObjectVersion: startupScript.versionId } : {}),
                networkConfiguration: {
                    securityGroupIds: [securityGroup.id],
                    subnetIds: pulumi.output(args.privateSubnetIds).apply((ids) => ids.slice(0, 2)),
                },
                loggingConfiguration,
                airflowConfigurationOptions: {
                    // DAGs stay paused until someone turns them on; no example DAGs or connections.
                    "core.load_examples": "False",
                    "core.dags_are_paused_at_creation": "True",
                    ...pipelineOptions,
                    ...args.airflowConfigurationOptions,
                },
                ...(args.weeklyMaintenanceWindowStart !== undefined ? { weeklyMaintenanceWindowStart: args.weeklyMaintenanceWindowStart } : {}),
                tags,
            },
            {
                parent: this,
                // The role's grants, the log groups and the uploaded DAGs must exist before MWAA validates them.
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
        this.executionRoleName = role.name;
        this.dagBucketName = dagBucket.bucketName;
        this.dagBucketArn = dagBucket.bucketArn;
        this.securityGroupId = securityGroup.id;
        this.logGroupNames = pulumi.all(logGroups.map((g) => g.name));
        this.registerOutputs({
            environmentArn: this.environmentArn,
            environmentName: this.environmentName,
            webserverUrl: this.webserverUrl,
            executionRoleArn: this.executionRoleArn,
            executionRoleName: this.executionRoleName,
            dagBucketName: this.dagBucketName,
            dagBucketArn: this.dagBucketArn,
            securityGroupId: this.securityGroupId,
            logGroupNames: this.logGroupNames,
        });
    }
}

/** Inputs of `executionRoleStatements`. */
export interface ExecutionRoleScope {
    /** MWAA environment name. */
    readonly environmentName: string;
    /** MWAA environment ARN. */
    readonly environmentArn: pulumi.Input<string>;
    /** Account the stack deploys into. */
    readonly accountId: pulumi.Input<string>;
    /** Region the stack deploys into. */
    readonly region: pulumi.Input<string>;
    /** AWS partition. */
    readonly partition: pulumi.Input<string>;
    /** ARN of the DAG bucket. */
    readonly dagBucketArn: pulumi.Input<string>;
    /** The stack's KMS key. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Pipeline resources; omitted → baseline only. */
    readonly pipeline?: OrchestrationPipelineArgs;
}

/**
 * The execution role's statements. Each Sid names the step that needs it; `Resource: "*"` appears
 * only where the action has no resource-level permissions (logs:DescribeLogGroups,
 * cloudwatch:PutMetricData, s3:GetAccountPublicAccessBlock, and the Redshift Data API's
 * statement-polling calls, which are confined to statements this role started).
 */
export function executionRoleStatements(scope: ExecutionRoleScope): PolicyStatement[] {
    const { region, accountId, partition } = scope;
    const airflowLogGroups = pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:airflow-${scope.environmentName}-*`;
    const statements: PolicyStatement[] = [
        // ---- MWAA baseline (AWS's documented execution-role policy for a customer-managed key) ----
        { Sid: "MwaaPublishEnvironmentMetrics", Action: "airflow:PublishMetrics", Resource: scope.environmentArn },
        {
            Sid: "MwaaReadDagBucket",
            Action: [
                "s3:GetObject",
                "s3:GetObjectVersion",
                "s3:ListBucket",
                "s3:GetBucketLocation",
                "s3:GetBucketVersioning",
                "s3:GetBucketPublicAccessBlock",
                "s3:GetEncryptionConfiguration",
            ],
            Resource: [scope.dagBucketArn, bucketObjectsArn(scope.dagBucketArn)],
        },
        {
            Sid: "MwaaWriteAirflowLogs",
            Action: [
                "logs:CreateLogStream",
                "logs:CreateLogGroup",
                "logs:PutLogEvents",
                "logs:GetLogEvents",
                "logs:GetLogRecord",
                "logs:GetLogGroupFields",
                "logs:GetQueryResults",
            ],
            Resource: airflowLogGroups,
        },
        // These three actions have no resource-level permissions: AWS requires "*".
        { Sid: "MwaaDescribeLogGroups", Action: "logs:DescribeLogGroups", Resource: "*" },
        { Sid: "MwaaPutCloudWatchMetrics", Action: "cloudwatch:PutMetricData", Resource: "*" },
        { Sid: "MwaaCheckAccountPublicAccessBlock", Action: "s3:GetAccountPublicAccessBlock", Resource: "*" },
        {
            // The Celery queue lives in an MWAA-owned account, hence the account wildcard.
            Sid: "MwaaCeleryTaskQueue",
            Action: ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"],
            Resource: pulumi.interpolate`arn:${partition}:sqs:${region}:*:airflow-celery-*`,
        },
        {
            Sid: "MwaaStackKeyViaS3AndSqs",
            Action: ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Encrypt"],
            Resource: scope.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": [pulumi.interpolate`sqs.${region}.amazonaws.com`, pulumi.interpolate`s3.${region}.amazonaws.com`] } },
        },
    ];
    const p = scope.pipeline;
    if (p === undefined) return statements;

    const registryObject = pulumi.interpolate`${p.featureRegistryBucketArn}/${p.registryObjectKey ?? "registry.db"}`;
    const catalogArn = pulumi.interpolate`arn:${partition}:glue:${region}:${accountId}:catalog`;
    statements.push(
        // feature_engineering: read raw data ...
        { Sid: "FeatureEngineeringListRawData", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: p.rawBucketArn },
        { Sid: "FeatureEngineeringReadRawData", Action: "s3:GetObject", Resource: bucketObjectsArn(p.rawBucketArn) },
        // ... and write Parquet features to the offline store (Feast's Redshift UNLOAD staging lives there too).
        { Sid: "FeatureEngineeringListOfflineStore", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: p.offlineBucketArn },
        {
            Sid: "FeatureEngineeringWriteOfflineStore",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resource: bucketObjectsArn(p.offlineBucketArn),
        },
        // feast (materialize-incremental, get_historical_features): read and update the registry object.
        // Feast's S3 registry store calls HeadBucket before every read, which S3 authorizes as s3:ListBucket.
        { Sid: "FeastCheckRegistryBucket", Action: "s3:ListBucket", Resource: p.featureRegistryBucketArn },
        { Sid: "FeastReadWriteRegistryObject", Action: ["s3:GetObject", "s3:PutObject"], Resource: registryObject },
        {
            Sid: "FeastReadOfflineCatalog",
            Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"],
            Resource: arnList(catalogArn, p.glueDatabaseArn, p.glueTableArns),
        },
        ...redshiftStatements(p, scope),
        {
            // Redshift UNLOAD/COPY issued by Feast names the Redshift role; Airflow may hand over that role only, only to Redshift.
            Sid: "FeastPassRedshiftRole",
            Action: "iam:PassRole",
            Resource: p.redshiftRoleArn,
            Condition: { StringEquals: { "iam:PassedToService": ["redshift.amazonaws.com", "redshift-serverless.amazonaws.com"] } },
        },
        // sync_offline_to_online (feast materialize-incremental) writes, model_prediction reads the online store.
        {
            Sid: "FeastMaterializeOnlineStore",
            Action: ["dynamodb:DescribeTable", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem"],
            Resource: arnList(p.onlineTableArns),
        },
        {
            // The offline bucket is SSE-KMS and the online tables and catalog use the stack key.
            Sid: "FeastStackKeyViaDynamoDbAndGlue",
            Action: ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Encrypt"],
            Resource: scope.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": [pulumi.interpolate`dynamodb.${region}.amazonaws.com`, pulumi.interpolate`glue.${region}.amazonaws.com`] } },
        },
        // model_prediction: load the production model and the pipeline notebooks ...
        { Sid: "ModelPredictionListModelRegistry", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: p.modelRegistryBucketArn },
        { Sid: "ModelPredictionReadModelRegistry", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: bucketObjectsArn(p.modelRegistryBucketArn) },
        // ... and write predictions (plus the executed notebooks under notebook-runs/).
        { Sid: "ModelPredictionListPredictions", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: p.predictionsBucketArn },
        { Sid: "ModelPredictionWritePredictions", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: bucketObjectsArn(p.predictionsBucketArn) },
    );
    return statements;
}

/** Redshift Data API grants for the offline store engine in use. */
function redshiftStatements(p: OrchestrationPipelineArgs, scope: ExecutionRoleScope): PolicyStatement[] {
    const { partition, region, accountId } = scope;
    const statements: PolicyStatement[] = [
        {
            Sid: "FeastQueryOfflineStoreViaDataApi",
            Action: [
                "redshift-data:ExecuteStatement",
                "redshift-data:BatchExecuteStatement",
                "redshift-data:DescribeTable",
                "redshift-data:ListSchemas",
                "redshift-data:ListTables",
            ],
            Resource: p.redshiftArn,
        },
        {
            // Polling calls have no resource-level permissions; the condition keeps them to statements this role started.
            Sid: "FeastPollOwnDataApiStatements",
            Action: ["redshift-data:DescribeStatement", "redshift-data:GetStatementResult", "redshift-data:CancelStatement"],
            Resource: "*",
            Condition: { StringEquals: { "redshift-data:statement-owner-iam-userid": "${aws:userid}" } },
        },
    ];
    if (p.redshiftEngine === "redshift-serverless") {
        statements.push({ Sid: "FeastOfflineStoreCredentials", Action: "redshift-serverless:GetCredentials", Resource: p.redshiftArn });
    } else {
        const cluster = p.redshiftClusterIdentifier;
        if (cluster === undefined) throw new Error("pipeline.redshiftClusterIdentifier is required for engine redshift-cluster");
        const user = p.redshiftDbUser ?? "feast_admin";
        statements.push({
            Sid: "FeastOfflineStoreCredentials",
            Action: "redshift:GetClusterCredentials",
            Resource: [
                pulumi.interpolate`arn:${partition}:redshift:${region}:${accountId}:dbuser:${cluster}/${user}`,
                pulumi.interpolate`arn:${partition}:redshift:${region}:${accountId}:dbname:${cluster}/${p.redshiftDatabase}`,
            ],
        });
    }
    return statements;
}

/**
 * A flat ARN list from single ARNs and ARN lists (which may be Outputs). The statement builder's
 * `Resource` takes a list of inputs; `policyDocument` resolves the nested Output before rendering.
 */
function arnList(...parts: (pulumi.Input<string> | pulumi.Input<pulumi.Input<string>[]>)[]): pulumi.Input<string>[] {
    const flat = pulumi.all(parts.map((part) => pulumi.output(part))).apply((values) => values.flat() as string[]);
    return flat as unknown as pulumi.Input<string>[];
}

/** The files MWAA needs, read and checked before anything is registered. */
interface AirflowFiles {
    readonly requirements: string;
    readonly dags: { relative: string; absolute: string }[];
    readonly plugins?: string;
    readonly startupScript?: string;
}

function readAirflowFiles(projectDir: string, args: OrchestrationArgs, airflowVersion: string, problems: string[]): AirflowFiles {
    const resolve = (p: string) => (path.isAbsolute(p) ? p : path.join(projectDir, p));
    const requirementsFile = args.requirementsFile ?? DEFAULT_REQUIREMENTS;
    let requirements = "";
    if (!fs.existsSync(resolve(requirementsFile))) {
        problems.push(`requirementsFile: ${requirementsFile} does not exist (relative to ${projectDir})`);
    } else {
        requirements = fs.readFileSync(resolve(requirementsFile), "utf8");
        const constraint = /^--constraint\s+"?https:\/\/raw\.githubusercontent\.com\/apache\/airflow\/constraints-([0-9.]+)\//m.exec(requirements);
        if (constraint === null) {
            problems.push(`requirementsFile: ${requirementsFile} has no --constraint line for Airflow ${airflowVersion} (MWAA resolves against it)`);
        } else if (constraint[1] !== airflowVersion) {
            problems.push(`requirementsFile: ${requirementsFile} is constrained for Airflow ${constraint[1]} but airflowVersion is ${airflowVersion}`);
        }
    }
    const dagsDir = args.dagsDir ?? DEFAULT_DAGS_DIR;
    let dags: AirflowFiles["dags"] = [];
    if (!fs.existsSync(resolve(dagsDir)) || !fs.statSync(resolve(dagsDir)).isDirectory()) {
        problems.push(`dagsDir: ${dagsDir} is not a directory (relative to ${projectDir})`);
    } else {
        dags = listFiles(resolve(dagsDir)).map((absolute) => ({ absolute, relative: path.relative(resolve(dagsDir), absolute).split(path.sep).join("/") }));
    }
    const optional = (key: "pluginsFile" | "startupScriptFile"): string | undefined => {
        const file = args[key];
        if (file === undefined) return undefined;
        if (!fs.existsSync(resolve(file))) problems.push(`${key}: ${file} does not exist (relative to ${projectDir})`);
        return resolve(file);
    };
    return { requirements, dags, plugins: optional("pluginsFile"), startupScript: optional("startupScriptFile") };
}

/** Files below a directory, sorted, skipping caches and hidden files (but keeping Airflow's `.airflowignore`). */
function listFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => (!e.name.startsWith(".") || e.name === ".airflowignore") && e.name !== "__pycache__")
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}

function md5(body: Buffer): string {
    return createHash("md5").update(body).digest("hex");
}

function slug(relative: string): string {
    return relative.replace(/\.[^./]+$/, "").replace(/[^A-Za-z0-9]+/g, "-").toLowerCase();
}

function contentTypeOf(key: string): string {
    if (key.endsWith(".py")) return "text/x-python";
    if (key.endsWith(".txt") || key.endsWith(".airflowignore")) return "text/plain";
    if (key.endsWith(".zip")) return "application/zip";
    if (key.endsWith(".sh")) return "text/x-shellscript";
    if (key.endsWith(".yaml") || key.endsWith(".yml")) return "application/yaml";
    if (key.endsWith(".sql")) return "application/sql";
    return "application/octet-stream";
}

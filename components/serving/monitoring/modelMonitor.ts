import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { httpsEgressOnlySecurityGroup } from "../../core/securityGroups";
import { ConfigError, validateComponentArgs } from "../../core/configErrors";
import { awsContext } from "../../core/context";
import { Environment } from "../../core/environment";
import { policyDocument, serviceTrustPolicy } from "../../core/iam";
import { stackTags } from "../../core/tags";
import {
    ANALYZER_IMAGE_ACCOUNTS,
    ANALYZER_REPOSITORY,
    analyzerImageUri,
    MonitoringArgs,
    MONITORING_DEFAULTS,
    monitoringSchema,
    resolveMonitoring,
} from "./monitoringSettings";
import { monitorRoleStatements } from "./monitorRole";

/**
 * CloudWatch namespace and dimensions of the built-in analyzer's per-feature metrics for real-time
 * endpoints, as https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-interpreting-cloudwatch.html
 * states them (the BYOC page's `/aws/sagemaker/Endpoint/data-metrics` + `Endpoint`/`MonitoringSchedule`
 * concerns custom containers). Confirm with `aws cloudwatch list-metrics --namespace ...` after the first
 * execution with a baseline (docs/monitoring.md, "Checking the metrics").
 */
export const DATA_METRICS_NAMESPACE = "/aws/sagemaker/Endpoints/data-metric";

/** Arguments of `ModelMonitor`. */
export interface ModelMonitorArgs extends MonitoringArgs {
    /** Deployment environment (tags). */
    readonly environment: Environment;
    /** Endpoint name as configured (prefixes, alarm dimensions, the schedule's name). */
    readonly endpointName: string;
    /**
     * The live endpoint's name output: orders the job definition after the endpoint (it must exist with capture on).
     */
    readonly endpoint?: pulumi.Input<string>;
    /** Bucket the endpoint captures into; reports go to `monitoring/<endpoint>/reports/` in it (same retention). */
    readonly dataCaptureBucketName: pulumi.Input<string>;
    /** ARN of the data-capture bucket (the role reads the capture prefix and writes the reports prefix). */
    readonly dataCaptureBucketArn: pulumi.Input<string>;
    /**
     * Bucket of the baseline (`monitoring/<endpoint>/baseline/{statistics,constraints}.json`): the model-registry
     * bucket.
     */
    readonly baselineBucketName: pulumi.Input<string>;
    /** ARN of the baseline bucket (the role reads the baseline prefix only). */
    readonly baselineBucketArn: pulumi.Input<string>;
    /** The stack key: reports, job volume. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** The feature views' features: the drift alarms cover them unless `features` narrows the list. */
    readonly defaultFeatures: string[];
    /** SNS topics the alarms notify. */
    readonly alarmActions?: pulumi.Input<string>[];
    /** Run the job in this VPC. */
    readonly vpcId?: pulumi.Input<string>;
    /** Private subnets of the job (required with vpcId). */
    readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Tags added to the required ones. */
    readonly tags?: Record<string, string>;
}

/**
 * SageMaker Model Monitor data-quality monitoring of one endpoint's captured data: a least-privilege
 * role, a `DataQualityJobDefinition` (baseline only once `baselineReady`), an hourly/daily
 * `MonitoringSchedule`, a drift alarm per feature, and an alarm on failed executions.
 */
export class ModelMonitor extends pulumi.ComponentResource {
    /** Execution role of the monitoring jobs. */
    public readonly roleArn: pulumi.Output<string>;
    /** Name of the DataQualityJobDefinition (auto-named: replaced when the baseline or sizing changes). */
    public readonly jobDefinitionName: pulumi.Output<string>;
    /** Monitoring schedule name (`<endpoint>-data-quality`; a dimension of the drift metrics). */
    public readonly scheduleName: pulumi.Output<string>;
    /** Drift alarms (one per feature) and the failed-execution alarm. */
    public readonly alarmNames: pulumi.Output<string[]>;
    /** `s3://` prefix the baselining step writes statistics.json and constraints.json to. */
    public readonly baselineUri: pulumi.Output<string>;
    /** `s3://` prefix of the execution reports. */
    public readonly reportsUri: pulumi.Output<string>;

    constructor(name: string, args: ModelMonitorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mlops-platform:index:ModelMonitor", name, {}, opts);
        const { endpointName, ...settings } = args;
        validateComponentArgs(`ModelMonitor ${name}`, monitoringSchema, {
            engine: settings.engine,
            frequency: settings.frequency,
            baselineReady: settings.baselineReady,
            instanceType: settings.instanceType,
            volumeSizeGb: settings.volumeSizeGb,
            maxRuntimeMinutes: settings.maxRuntimeMinutes,
            features: settings.features,
            analyzerImageUri: settings.analyzerImageUri,
            driftThreshold: settings.driftThreshold,
        });
        const spec = resolveMonitoring({ ...settings, features: settings.features ?? args.defaultFeatures });
        const problems: string[] = [];
        if (spec.engine !== "model-monitor") problems.push('engine: ModelMonitor runs only engine "model-monitor"');
        if ((spec.features ?? []).length === 0) problems.push("features: must list at least one feature to alarm on");
        if ((args.vpcId === undefined) !== (args.subnetIds === undefined))
            problems.push("vpcId/subnetIds: set both or neither");
        if (problems.length > 0) throw new ConfigError(problems, `arguments of ModelMonitor ${name}`);

        const tags = stackTags(args.environment, args.tags);
        const child = { parent: this };
        const { accountId, region, partition } = awsContext(this);
        const prefix = MONITORING_DEFAULTS.prefix(endpointName);
        const image = spec.analyzerImageUri
            ? pulumi.output(spec.analyzerImageUri)
            : region.apply((r) => {
                  const uri = analyzerImageUri(r);
                  if (uri === undefined)
                      throw new ConfigError(
                          [
                              `serving.monitoring.analyzerImageUri: is required in ${r} (built-in table: ` +
                                  `${Object.keys(ANALYZER_IMAGE_ACCOUNTS).join(", ")})`,
                          ],
                          `arguments of ModelMonitor ${name}`,
                      );
                  return uri;
              });
        const analyzerRepositoryArn = pulumi.all([image, partition]).apply(([uri, p]) => {
            const [, account, r, repo] = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.[^/]+\/([^:@]+)/.exec(uri) ?? [];
            return `arn:${p}:ecr:${r}:${account}:repository/${repo ?? ANALYZER_REPOSITORY}`;
        });

        const role = new aws.iam.Role(
            name,
            {
                description: `Model Monitor for ${endpointName}: read its captured data and baseline, write reports`,
                assumeRolePolicy: serviceTrustPolicy(["sagemaker.amazonaws.com"], accountId),
                maxSessionDuration: 3600,
                tags,
            },
            child,
        );
        let network: aws.types.input.sagemaker.DataQualityJobDefinitionNetworkConfig["vpcConfig"];
        let vpcScope:
            { subnetIds: pulumi.Input<pulumi.Input<string>[]>; securityGroupId: pulumi.Input<string> } | undefined;
        if (args.vpcId !== undefined && args.subnetIds !== undefined) {
            const sg = httpsEgressOnlySecurityGroup(
                name,
                {
                    vpcId: args.vpcId,
                    description: `Model Monitor ${endpointName}: no inbound; HTTPS out to AWS APIs`,
                    tags,
                },
                child,
            );
            network = { securityGroupIds: [sg.id], subnets: args.subnetIds };
            vpcScope = { subnetIds: args.subnetIds, securityGroupId: sg.id };
        }
        const rolePolicy = new aws.iam.RolePolicy(
            name,
            {
                role: role.id,
                policy: policyDocument(
                    monitorRoleStatements({
                        endpointName,
                        accountId,
                        region,
                        partition,
                        dataCaptureBucketArn: args.dataCaptureBucketArn,
                        baselineBucketArn: args.baselineBucketArn,
                        analyzerRepositoryArn,
                        kmsKeyArn: args.kmsKeyArn,
                        vpc: vpcScope,
                    }),
                ),
            },
            child,
        );

        const baselineUri = pulumi.interpolate`s3://${args.baselineBucketName}/${prefix}baseline`;
        const reportsUri = pulumi.interpolate`s3://${args.dataCaptureBucketName}/${prefix}reports`;
        // The baseline is optional in CreateDataQualityJobDefinition (DataQualityBaselineConfig): without it an
        // execution only computes statistics, so a first deploy never depends on objects not yet written.
        const jobDefinition = new aws.sagemaker.DataQualityJobDefinition(
            name,
            {
                roleArn: role.arn,
                dataQualityAppSpecification: { imageUri: image },
                ...(spec.baselineReady
                    ? {
                          dataQualityBaselineConfig: {
                              statisticsResource: { s3Uri: pulumi.interpolate`${baselineUri}/statistics.json` },
                              constraintsResource: { s3Uri: pulumi.interpolate`${baselineUri}/constraints.json` },
                          },
                      }
                    : {}),
                dataQualityJobInput: {
                    endpointInput: {
                        endpointName: args.endpoint ?? endpointName,
                        localPath: "/opt/ml/processing/input/endpoint",
                        s3InputMode: "File",
                        s3DataDistributionType: "FullyReplicated",
                    },
                },
                dataQualityJobOutputConfig: {
                    kmsKeyId: args.kmsKeyArn,
                    monitoringOutputs: {
                        s3Output: {
                            s3Uri: reportsUri,
                            localPath: "/opt/ml/processing/output",
                            s3UploadMode: "EndOfJob",
                        },
                    },
                },
                jobResources: {
                    clusterConfig: {
                        instanceCount: 1,
                        instanceType: spec.instanceType,
                        volumeSizeInGb: spec.volumeSizeGb,
                        volumeKmsKeyId: args.kmsKeyArn,
                    },
                },
                networkConfig: {
                    enableInterContainerTrafficEncryption: true,
                    enableNetworkIsolation: false,
                    ...(network !== undefined ? { vpcConfig: network } : {}),
                },
                stoppingCondition: { maxRuntimeInSeconds: spec.maxRuntimeSeconds },
                tags,
            },
            // The role's permissions must exist before SageMaker validates the role.
            { parent: this, dependsOn: [rolePolicy] },
        );
        const scheduleName = `${endpointName}-data-quality`;
        const schedule = new aws.sagemaker.MonitoringSchedule(
            name,
            {
                name: scheduleName,
                monitoringScheduleConfig: {
                    monitoringType: "DataQuality",
                    monitoringJobDefinitionName: jobDefinition.name,
                    scheduleConfig: { scheduleExpression: spec.scheduleExpression },
                },
                tags,
            },
            child,
        );

        const alarmCommon = {
            comparisonOperator: "GreaterThanThreshold",
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            // No data until a baseline with emit_metrics exists, and between executions: not a breach.
            treatMissingData: "notBreaching",
            actionsEnabled: true,
            alarmActions: args.alarmActions ?? [],
            tags,
        };
        const period = spec.frequency === "hourly" ? 3600 : 86400;
        const driftAlarms = (spec.features ?? []).map(
            (f) =>
                new aws.cloudwatch.MetricAlarm(
                    `${name}-drift-${f}`,
                    {
                        ...alarmCommon,
                        name: `${endpointName}-drift-${f}`,
                        alarmDescription:
                            `Endpoint ${endpointName}: feature ${f} drifted from its baseline (distance > ` +
                            `${spec.driftThreshold}); see docs/monitoring.md`,
                        namespace: DATA_METRICS_NAMESPACE,
                        metricName: `feature_baseline_drift_${f}`,
                        dimensions: { EndpointName: endpointName, ScheduleName: scheduleName },
                        statistic: "Maximum",
                        period,
                        threshold: spec.driftThreshold,
                    },
                    child,
                ),
        );
        // Failed executions have no CloudWatch metric; SageMaker emits "SageMaker Processing Job State Change"
        // events (https://docs.aws.amazon.com/sagemaker/latest/dg/automating-sagemaker-with-eventbridge.html) whose
        // detail is the DescribeProcessingJob shape (MonitoringScheduleArn names the schedule). The rule's
        // TriggeredRules metric (AWS/Events, RuleName;
        // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html)
        // feeds a CloudWatch alarm, so failures reach alarmActions like every other alarm.
        const failedRule = new aws.cloudwatch.EventRule(
            `${name}-failed`,
            {
                description: `Model Monitor executions of ${scheduleName} that failed`,
                eventPattern: pulumi.jsonStringify({
                    source: ["aws.sagemaker"],
                    "detail-type": ["SageMaker Processing Job State Change"],
                    detail: { ProcessingJobStatus: ["Failed"], MonitoringScheduleArn: [schedule.arn] },
                }),
                tags,
            },
            child,
        );
        const failedAlarm = new aws.cloudwatch.MetricAlarm(
            `${name}-failed`,
            {
                ...alarmCommon,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                name: `${endpointName}-monitoring-failed`,
                alarmDescription:
                    `Endpoint ${endpointName}: a Model Monitor execution of ${scheduleName} failed; see ` +
                    `docs/monitoring.md`,
                namespace: "AWS/Events",
                metricName: "TriggeredRules",
                dimensions: { RuleName: failedRule.name },
                statistic: "Sum",
                period: 300,
                threshold: 1,
            },
            child,
        );

        this.roleArn = role.arn;
        this.jobDefinitionName = jobDefinition.name;
        this.scheduleName = schedule.name;
        this.alarmNames = pulumi.all([...driftAlarms, failedAlarm].map((a) => a.name));
        this.baselineUri = baselineUri;
        this.reportsUri = reportsUri;
        this.registerOutputs({
            roleArn: this.roleArn,
            jobDefinitionName: this.jobDefinitionName,
            scheduleName: this.scheduleName,
            alarmNames: this.alarmNames,
            baselineUri: this.baselineUri,
            reportsUri: this.reportsUri,
        });
    }
}

import * as aws from "@pulumi/aws";
import * as awsxEc2 from "@pulumi/awsx/ec2";
import * as pulumi from "@pulumi/pulumi";
import { validateComponentArgs } from "../core/configErrors";
import { awsContext, statefulOptions } from "../core/context";
import { Environment, PLATFORM_DEFAULTS } from "../core/environment";
import { policyDocument, serviceTrustPolicy } from "../core/iam";
import { CLOUDWATCH_RETENTION_DAYS } from "../core/logs";
import { stackTags } from "../core/tags";
import { zoneNamesForIds } from "./availabilityZoneIds";
import { NAT_STRATEGY, networkSchema, NetworkSettings, resolveVpcSettings } from "./networkSettings";
import type { Integer } from "../core/schemaPrimitives";

/** The config key the AZ IDs come from (named in deploy-time errors). */
const AZ_IDS_KEY = "mlops-platform:network.availabilityZoneIds";

/** Arguments of `Network`. */
export interface NetworkArgs extends NetworkSettings {
    /** Deployment environment; selects the NAT strategy, AZ count and log retention defaults. */
    readonly environment: Environment;
    /** Generated VPC: KMS key for the flow-log log group. Required unless bringing a VPC. */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Generated VPC: flow-log retention in days. Default: the environment's log retention (30 dev, 365 prod). */
    readonly flowLogRetentionDays?: Integer;
    /** Protect and retain the flow-log log group on delete. Default: true in prod. */
    readonly protect?: boolean;
    /** Tags added to the required ones. */
    readonly tags?: Record<string, string>;
}

/**
 * The network the platform's private workloads (MWAA, Redshift) run in: by default an awsx VPC with
 * one public and one private subnet per AZ, NAT gateways (one shared in dev, one per AZ in prod) and
 * VPC flow logs (all traffic) into a KMS-encrypted log group with retention, delivered by a role
 * that can write only to that log group. Or an existing VPC and its private subnets, validated.
 */
export class Network extends pulumi.ComponentResource {
    /** Id of the VPC the workloads run in (generated or brought). */
    public readonly vpcId: pulumi.Output<string>;
    /** Private subnet ids, one per AZ (MWAA uses the first two). */
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Flow-log log group name (undefined when bringing a VPC). */
    public readonly flowLogGroupName?: pulumi.Output<string>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        const bringOwn = args.vpcId !== undefined || args.privateSubnetIds !== undefined;
        // Same schema and messages as the stack's `network` config; rejected before anything registers.
        validateComponentArgs(`Network ${name}`, networkSchema, {
            vpcId: args.vpcId,
            privateSubnetIds: args.privateSubnetIds,
            natGateways: args.natGateways,
            availabilityZones: args.availabilityZones,
            availabilityZoneIds: args.availabilityZoneIds,
            cidrBlock: args.cidrBlock,
        });
        if (!bringOwn && args.kmsKeyArn === undefined) {
            throw new Error(
                `Network ${name}: kmsKeyArn is required to encrypt the flow-log log group of the generated VPC`,
            );
        }
        const retentionInDays = args.flowLogRetentionDays ?? PLATFORM_DEFAULTS[args.environment].logRetentionDays;
        if (!bringOwn && !CLOUDWATCH_RETENTION_DAYS.includes(retentionInDays)) {
            throw new Error(
                `Network ${name}: flowLogRetentionDays must be one of ` +
                    `${CLOUDWATCH_RETENTION_DAYS.join(", ")} (got ${retentionInDays})`,
            );
        }
        super("mlops-platform:index:Network", name, {}, opts);
        const tags = stackTags(args.environment, args.tags);
        const child = { parent: this };

        if (bringOwn) {
            this.vpcId = pulumi.output(args.vpcId!);
            this.privateSubnetIds = pulumi.output(args.privateSubnetIds!);
            this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds });
            return;
        }

        const vpcSettings = resolveVpcSettings(args.environment, args);
        const createVpc = (zones: Pick<awsxEc2.VpcArgs, "availabilityZoneNames" | "numberOfAvailabilityZones">) =>
            new awsxEc2.Vpc(
                name,
                {
                    ...(vpcSettings.cidrBlock !== undefined ? { cidrBlock: vpcSettings.cidrBlock } : {}),
                    ...zones,
                    natGateways: { strategy: NAT_STRATEGY[vpcSettings.natGateways] },
                    // Public subnets only hold the NAT gateways; workloads go to the private ones.
                    subnetSpecs: [
                        { type: "Private", name: "private", tags: { ...tags, tier: "private" } },
                        { type: "Public", name: "public", tags: { ...tags, tier: "public" } },
                    ],
                    subnetStrategy: "Auto",
                    enableDnsHostnames: true,
                    enableDnsSupport: true,
                    tags,
                },
                child,
            );
        const ids = vpcSettings.availabilityZoneIds;
        if (ids === undefined) {
            const vpc = createVpc({ numberOfAvailabilityZones: vpcSettings.availabilityZones });
            this.vpcId = vpc.vpcId;
            this.privateSubnetIds = vpc.privateSubnetIds;
        } else {
            // awsx takes AZ names as a plain list, so the IDs are mapped to this account's names first
            // (EC2 DescribeAvailabilityZones with a zone-id filter); an invoke resolves in previews too. No
            // state filter: a zone that is impaired or constrained for a while must not block a deploy.
            const vpc = aws
                .getAvailabilityZones({ filters: [{ name: "zone-id", values: [...ids] }] }, child)
                .then((listing) => createVpc({ availabilityZoneNames: zoneNamesForIds(listing, ids, AZ_IDS_KEY) }));
            this.vpcId = pulumi.output(vpc.then((v) => v.vpcId));
            this.privateSubnetIds = pulumi.output(vpc.then((v) => v.privateSubnetIds));
        }

        // ---- VPC flow logs: all traffic, to an encrypted log group with retention ----
        const { accountId, region, partition } = awsContext(this);
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            { namePrefix: `/vpc/${name}/flow-logs-`, retentionInDays, kmsKeyId: args.kmsKeyArn, tags },
            { ...child, ...statefulOptions(args.environment, args.protect) },
        );
        const role = new aws.iam.Role(
            `${name}-flow-logs`,
            {
                description: `VPC flow log delivery for ${name}`,
                assumeRolePolicy: serviceTrustPolicy(["vpc-flow-logs.amazonaws.com"], accountId, [
                    pulumi.interpolate`arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*`,
                ]),
                maxSessionDuration: 3600,
                tags,
            },
            child,
        );
        new aws.iam.RolePolicy(
            `${name}-flow-logs`,
            {
                role: role.id,
                policy: policyDocument([
                    {
                        // The flow-log service writes streams into this one log group and nothing else.
                        Sid: "DeliverFlowLogsToThisLogGroup",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                        Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
                    },
                ]),
            },
            child,
        );
        new aws.ec2.FlowLog(
            name,
            {
                vpcId: this.vpcId,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: 60,
                tags,
            },
            child,
        );
        this.flowLogGroupName = logGroup.name;

        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            flowLogGroupName: this.flowLogGroupName,
        });
    }
}

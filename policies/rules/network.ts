/**
 * Network rules: VPC flow logs, security groups and subnets (MWAA, Redshift and SageMaker run in
 * the stack's private subnets).
 */
import { aws } from "../lib/awsResources";
import { PolicyResource, ReportViolation, validateResourceOfType } from "@pulumi/policy";
import { isPublicCidr } from "../lib/cidr";
import { MlopsPolicy, framework } from "../lib/metadata";
import { asArray, identities, isObject, objects, refersTo, str } from "../lib/resources";

/** VPC types: the awsx component (one resource under mocks) and the plain EC2 VPC. */
const VPC_TYPES = ["awsx:ec2:Vpc", "aws:ec2/vpc:Vpc"];
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

/** Every VPC has a flow log. */
export const vpcFlowLogs: MlopsPolicy = {
    name: "vpc-flow-logs",
    description: "Every VPC has a flow log.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Add an aws.ec2.FlowLog for the VPC (trafficType ALL) to a KMS-encrypted CloudWatch log group or " +
        "the log bucket.",
    ...framework({ service: "Network", rule: "VPC flow logs enabled", sources: ["CKV2_AWS_11", "EC2.6"] }),
    validateStack: (args, report) => {
        const flowLogs = args.resources.filter((r) => r.type === FLOW_LOG);
        const covered = (vpc: PolicyResource): boolean => {
            const ids = identities(vpc, "vpcId");
            return flowLogs.some((f) => refersTo(f, "vpcId", vpc, ids));
        };
        for (const vpc of args.resources.filter((r) => VPC_TYPES.includes(r.type))) {
            // An awsx VPC's inner aws:ec2 VPC is covered by a flow log on the awsx VPC's vpcId.
            if (
                covered(vpc) ||
                (vpc.parent !== undefined && VPC_TYPES.includes(vpc.parent.type) && covered(vpc.parent))
            )
                continue;
            report(`VPC "${vpc.name}" has no flow log; add an aws.ec2.FlowLog with vpcId set to it.`, vpc.urn);
        }
    },
};

/** Ingress sources that admit internet addresses, in any notation (0.0.0.0/1 halves, ::/0, 2000::/3, a public /32). */
function openCidrs(rule: Record<string, unknown>): string[] {
    const cidrs = [...asArray(rule.cidrBlocks), ...asArray(rule.ipv6CidrBlocks), rule.cidrIpv4, rule.cidrIpv6];
    return cidrs.filter((c): c is string => typeof c === "string" && isPublicCidr(c));
}

function portRange(rule: Record<string, unknown>): string {
    const from = rule.fromPort;
    const to = rule.toPort;
    if (rule.protocol === "-1" || rule.ipProtocol === "-1") return "all ports";
    return from === to ? `port ${String(from)}` : `ports ${String(from)}-${String(to)}`;
}

/** No security group admits the whole internet. */
export const securityGroupNoPublicIngress: MlopsPolicy = {
    name: "security-group-no-public-ingress",
    description:
        "No security group allows ingress from an internet address range (0.0.0.0/0, ::/0 or any other notation).",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Allow ingress only from the VPC CIDR or from other security groups (sourceSecurityGroupId / securityGroups).",
    ...framework({
        service: "Network",
        rule: "no 0.0.0.0/0 ingress on any security group",
        sources: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "EC2.18", "EC2.19"],
    }),
    validateResource: [
        validateResourceOfType(aws.ec2.SecurityGroup, (sg, args, report) => {
            objects(sg.ingress).forEach((rule, i) => {
                for (const cidr of openCidrs(rule))
                    report(
                        `security group "${args.name}" ingress[${i}] allows ${cidr} on ${portRange(rule)}; ` +
                            `restrict the source.`,
                    );
            });
        }),
        validateResourceOfType(aws.ec2.SecurityGroupRule, (rule, args, report) => {
            if (rule.type !== "ingress") return;
            for (const cidr of openCidrs(rule as unknown as Record<string, unknown>))
                report(
                    `security group rule "${args.name}" allows ingress from ${cidr} on ` +
                        `${portRange(rule as unknown as Record<string, unknown>)}; restrict the source.`,
                );
        }),
        validateResourceOfType(aws.vpc.SecurityGroupIngressRule, (rule, args, report) => {
            for (const cidr of openCidrs(rule as unknown as Record<string, unknown>))
                report(
                    `security group ingress rule "${args.name}" allows ${cidr} on ` +
                        `${portRange(rule as unknown as Record<string, unknown>)}; restrict the source.`,
                );
        }),
    ],
};

function ruleDescriptions(label: string, rules: unknown, direction: string, report: ReportViolation): void {
    objects(rules).forEach((rule, i) => {
        if (str(rule.description) === undefined)
            report(`${label} ${direction}[${i}] has no description; say what the rule is for.`);
    });
}

/** Security groups and their rules say what they are for. */
export const securityGroupDescriptions: MlopsPolicy = {
    name: "security-group-descriptions",
    description: "Security groups and security group rules have descriptions.",
    enforcementLevel: "advisory",
    remediationSteps:
        'Set description on the security group (not the default "Managed by Pulumi") and on every ingress/egress rule.',
    ...framework({ service: "Network", rule: "security groups and rules have descriptions", sources: ["CKV_AWS_23"] }),
    validateResource: [
        validateResourceOfType(aws.ec2.SecurityGroup, (sg, args, report) => {
            const label = `security group "${args.name}"`;
            if (str(sg.description) === undefined || sg.description === "Managed by Pulumi")
                report(`${label} has no description; say what it protects.`);
            ruleDescriptions(label, sg.ingress, "ingress", report);
            ruleDescriptions(label, sg.egress, "egress", report);
        }),
        ...[aws.ec2.SecurityGroupRule, aws.vpc.SecurityGroupIngressRule, aws.vpc.SecurityGroupEgressRule].map((cls) =>
            validateResourceOfType(cls as typeof aws.ec2.SecurityGroupRule, (rule, args, report) => {
                if (str(rule.description) === undefined)
                    report(`security group rule "${args.name}" has no description; say what it is for.`);
            }),
        ),
    ],
};

function isPublicSubnet(name: string, tags: unknown): boolean {
    const type = isObject(tags) ? (tags.SubnetType ?? tags.subnetType ?? tags.Tier) : undefined;
    if (typeof type === "string") return type.toLowerCase() === "public";
    return /public/i.test(name);
}

/** Private subnets never hand out public IPs. */
export const privateSubnetNoPublicIp: MlopsPolicy = {
    name: "private-subnet-no-public-ip",
    description: "Private subnets do not auto-assign public IP addresses.",
    enforcementLevel: "mandatory",
    remediationSteps: "Set mapPublicIpOnLaunch: false on private subnets (tag public subnets SubnetType=Public).",
    ...framework({
        service: "Network",
        rule: "private subnets do not auto-assign public IPs",
        sources: ["CKV_AWS_130", "EC2.15"],
    }),
    validateResource: validateResourceOfType(aws.ec2.Subnet, (subnet, args, report) => {
        if (subnet.mapPublicIpOnLaunch === true && !isPublicSubnet(args.name, subnet.tags)) {
            report(`private subnet "${args.name}" auto-assigns public IPs; set mapPublicIpOnLaunch to false.`);
        }
    }),
};

/** All network policies. */
export const networkPolicies: MlopsPolicy[] = [
    vpcFlowLogs,
    securityGroupNoPublicIngress,
    securityGroupDescriptions,
    privateSubnetNoPublicIp,
];

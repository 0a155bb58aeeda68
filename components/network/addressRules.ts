/**
 * The VPC's address plan and zone names as AWS accepts them, checked before the awsx VPC is
 * registered (the VPC is opaque to the offline plan, so nothing later would catch them).
 */
import type { Integer } from "../core/schemaPrimitives";

/** IPv4 ranges a generated VPC may use: RFC 1918 and RFC 6598 (the ranges the VPC User Guide lists for VPCs). */
export const PRIVATE_VPC_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] as const;

/** "The allowed block size is between a /16 netmask ... and /28 netmask" for VPCs and subnets alike. */
export const VPC_PREFIX = { min: 16, max: 28 } as const;

interface Cidr {
    readonly address: Integer;
    readonly prefix: Integer;
}

function parseCidr(cidr: string): Cidr | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (m === null) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    return { address: octets.reduce((a, o) => a * 256 + o, 0), prefix };
}

function contains(outer: Cidr, inner: Cidr): boolean {
    const size = 2 ** (32 - outer.prefix);
    return inner.prefix >= outer.prefix && Math.floor(inner.address / size) === Math.floor(outer.address / size);
}

/**
 * Problems of a VPC CIDR block: an IPv4 CIDR, /16-/28
 * (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html), written as its network
 * address, inside the private ranges (the platform's VPC holds only private workloads; AWS would
 * accept a public range, but then its addresses collide with the internet's).
 */
export function vpcCidrProblems(cidr: string): string[] {
    const parsed = parseCidr(cidr);
    if (parsed === undefined) return ["must be an IPv4 CIDR such as 10.0.0.0/16 (octets 0-255)"];
    const problems: string[] = [];
    if (parsed.prefix < VPC_PREFIX.min || parsed.prefix > VPC_PREFIX.max)
        problems.push(`must be between /${VPC_PREFIX.min} and /${VPC_PREFIX.max} (VPC CIDR block sizes)`);
    if (parsed.address % 2 ** (32 - parsed.prefix) !== 0)
        problems.push("must be a network address (the host bits after the prefix are zero)");
    if (!PRIVATE_VPC_RANGES.some((r) => contains(parseCidr(r)!, parsed)))
        problems.push(`must lie within ${PRIVATE_VPC_RANGES.join(", ")} (RFC 1918 / RFC 6598)`);
    return problems;
}

/**
 * The prefix of each subnet awsx carves from a VPC of `vpcPrefix` with one private and one public
 * subnet per AZ: the VPC is "divided evenly by availability zone" (a power of two of blocks), then
 * evenly between the AZ's two subnet specs (@pulumi/awsx 3.9 `SubnetSpecArgs.cidrMask` docs).
 */
export function awsxSubnetPrefix(vpcPrefix: number, availabilityZones: number): number {
    return vpcPrefix + Math.ceil(Math.log2(availabilityZones)) + 1;
}

/** Problems of the generated VPC's subnets: each must still be at least a /28 (VPC subnet sizes). */
export function subnetSizingProblems(cidr: string, availabilityZones: number): string[] {
    const parsed = parseCidr(cidr);
    // A block that is itself invalid is reported by vpcCidrProblems alone.
    if (parsed === undefined || vpcCidrProblems(cidr).length > 0) return [];
    const prefix = awsxSubnetPrefix(parsed.prefix, availabilityZones);
    if (prefix <= VPC_PREFIX.max) return [];
    const widest = VPC_PREFIX.max - (prefix - parsed.prefix);
    return [
        `${cidr} split into ${availabilityZones} AZs x 2 subnets gives /${prefix} subnets; AWS's smallest subnet is ` +
            `/${VPC_PREFIX.max} (use /${widest} or wider, or fewer AZs)`,
    ];
}

/**
 * Format of an AZ ID such as `use1-az1` or a Local Zone's `use1-bos1-az1`
 * (https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html). Which region an ID
 * belongs to is not derivable from its text; check it against DescribeAvailabilityZones.
 */
export function availabilityZoneIdProblem(id: string): string | undefined {
    return /^[a-z]{2,5}\d{1,2}(-[a-z]{3}\d+)?-az\d{1,2}$/.test(id)
        ? undefined
        : `"${id}" is not an AZ ID (like use1-az1)`;
}

/** An AZ name belongs to its region: the region code plus one letter (`us-east-1a`). */
export function availabilityZoneNameProblem(name: string, region: string): string | undefined {
    return new RegExp(`^${region.replace(/-/g, "\\-")}[a-z]$`).test(name)
        ? undefined
        : `"${name}" is not an availability zone of ${region} (like ${region}a)`;
}

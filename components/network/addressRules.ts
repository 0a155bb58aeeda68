/**
 * The VPC's address plan as AWS accepts it, checked before the awsx VPC is
 * registered (the VPC is opaque to the offline plan, so nothing later would catch a mistake).
 */
import type { Integer } from "../core/schemaPrimitives";

/**
 * IPv4 ranges a generated VPC may use: the RFC 1918 ranges the VPC User Guide recommends, and
 * 100.64.0.0/10 (RFC 6598) and 198.19.0.0/16, which its "IPv4 CIDR block association restrictions"
 * table lists beside them as VPC ranges (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html;
 * read in awsdocs/amazon-vpc-user-guide at f57103d^, doc_source/vpc-cidr-blocks.md).
 */
export const PRIVATE_VPC_RANGES = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "198.19.0.0/16",
] as const;

/** "The allowed block size is between a /16 netmask ... and /28 netmask" for VPCs and subnets alike. */
export const VPC_PREFIX = { min: 16, max: 28 } as const;

/** Same page: "CIDR blocks from the 'link local' block ... cannot be assigned to VPCs". */
const LINK_LOCAL = "169.254.0.0/16";

/**
 * Same page: "Some AWS services use the 172.17.0.0/16 CIDR range ... don't use this range when creating
 * your VPC", naming SageMaker, which this platform runs.
 */
const SERVICE_RESERVED = "172.17.0.0/16";

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

const overlaps = (a: Cidr, b: Cidr): boolean => contains(a, b) || contains(b, a);

/** The block written as its network address (host bits cleared), e.g. 10.0.0.0/16 for 10.0.0.1/16. */
function networkOf(c: Cidr): string {
    const size = 2 ** (32 - c.prefix);
    const base = Math.floor(c.address / size) * size;
    return `${[24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join(".")}/${c.prefix}`;
}

/**
 * Problems of a VPC CIDR block, AWS's rules first, then the platform's own (each says so):
 * - /16-/28 (VPC User Guide, vpc-cidr-blocks.html);
 * - host bits: EC2's API would silently canonicalize 10.0.0.1/16 to 10.0.0.0/16 (same page), but the
 *   provider refuses it at plan time: terraform-provider-aws validates aws_vpc `cidr_block` with
 *   terraform-plugin-sdk's `validation.IsCIDRNetwork(16, 28)`, "expected cidr_block to contain a valid
 *   network Value, expected 10.0.0.0/16, got 10.0.0.1/16" (internal/service/ec2/vpc_.go);
 * - link-local 169.254.0.0/16, which AWS does not assign to VPCs (same page);
 * - the platform's own: 172.17.0.0/16, which the same page asks VPCs to avoid because SageMaker uses it;
 *   publicly routable blocks, which AWS accepts but which would give private workloads internet addresses.
 */
export function vpcCidrProblems(cidr: string): string[] {
    const parsed = parseCidr(cidr);
    if (parsed === undefined) return ["must be an IPv4 CIDR such as 10.0.0.0/16 (octets 0-255, prefix 0-32)"];
    const problems: string[] = [];
    if (parsed.prefix < VPC_PREFIX.min || parsed.prefix > VPC_PREFIX.max)
        problems.push(`must be between /${VPC_PREFIX.min} and /${VPC_PREFIX.max} (VPC CIDR block sizes)`);
    if (networkOf(parsed) !== cidr)
        problems.push(
            `must be written as its network address ${networkOf(parsed)}: ` +
                "the AWS provider refuses host bits in a VPC's cidr_block",
        );
    if (overlaps(parseCidr(LINK_LOCAL)!, parsed))
        problems.push(`overlaps ${LINK_LOCAL}, the link-local block AWS does not assign to VPCs`);
    else if (overlaps(parseCidr(SERVICE_RESERVED)!, parsed))
        problems.push(
            `overlaps ${SERVICE_RESERVED}, which AWS asks VPCs to avoid because SageMaker uses it ` +
                "(the platform's own rule: AWS would accept it)",
        );
    else if (!PRIVATE_VPC_RANGES.some((r) => contains(parseCidr(r)!, parsed)))
        problems.push(
            `is publicly routable; use a block within ${PRIVATE_VPC_RANGES.join(", ")} ` +
                "(the platform's own rule: AWS would accept it, but the VPC holds only private workloads)",
        );
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

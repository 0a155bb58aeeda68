/**
 * AZ IDs (`use1-az1`): the same physical zone in every account, unlike AZ names (`us-east-1a`), which
 * the oldest Regions map to zones independently per account (AWS Regions and Availability Zones guide,
 * "AZ IDs", https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html). Redshift
 * Serverless wants its subnets in "at least three of the supported Availability Zone IDs" (Redshift
 * management guide, https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-usage-considerations.html),
 * so the generated VPC is placed by ID and the IDs are mapped to this account's names at deploy time.
 */

/**
 * An AZ ID of a Region's parent zone: the Region's short code, `-az` and a number (`use1-az1`, `euw1-az3`,
 * `apne1-az4`, `usgw1-az1`). Local and Wavelength Zone IDs (`use1-bos1-az1`) do not match.
 */
export const AZ_ID_PATTERN = /^[a-z]{3,8}[0-9]+-az[0-9]+$/;

/**
 * The short code of each word of a Region code, as AWS's AZ IDs spell it: us-east-1 → use1, eu-west-1 →
 * euw1, ca-central-1 → cac1, ap-northeast-1 → apne1, ap-southeast-1 → apse1, cn-northwest-1 → cnnw1,
 * us-gov-west-1 → usgw1 (AZ ID tables of the AWS Regions and Availability Zones guide, "AWS Availability
 * Zones", and the per-Region AZ ID table of MemoryDB, https://docs.aws.amazon.com/memorydb/latest/devguide/
 * subnetgroups.html).
 */
const REGION_WORD_CODES: Readonly<Record<string, string>> = {
    east: "e",
    west: "w",
    north: "n",
    south: "s",
    central: "c",
    northeast: "ne",
    northwest: "nw",
    southeast: "se",
    southwest: "sw",
    gov: "g",
};

/**
 * The prefix every AZ ID of `region` starts with (`use1` for us-east-1), or undefined for a Region code
 * whose AZ ID spelling AWS does not show (the ISO partitions, the European Sovereign Cloud).
 */
export function azIdPrefix(region: string): string | undefined {
    const parts = region.split("-");
    const geo = parts[0];
    const num = parts[parts.length - 1];
    const words = parts.slice(1, -1).map((w) => REGION_WORD_CODES[w]);
    if (geo.length !== 2 || !/^[0-9]+$/.test(num) || words.length === 0 || words.includes(undefined as never))
        return undefined;
    return `${geo}${words.join("")}${num}`;
}

/** Problems of configured AZ IDs against the Region the stack deploys to (none when its spelling is unknown). */
export function azIdRegionProblems(ids: readonly string[], region: string): string[] {
    const prefix = azIdPrefix(region);
    if (prefix === undefined) return [];
    return ids
        .filter((id) => !id.startsWith(`${prefix}-az`))
        .map((id) => `${id} is not an AZ ID of ${region} (its AZ IDs are ${prefix}-az<n>)`);
}

/** What `aws.getAvailabilityZones` returns: names and zone IDs, index by index. */
export interface ZoneListing {
    readonly names: readonly string[];
    readonly zoneIds: readonly string[];
}

/**
 * This account's AZ names for `ids`, in the configured order (awsx places subnet i in name i). An ID the
 * Region does not list for this account (a typo, an opt-in zone not enabled) fails naming `key`.
 */
export function zoneNamesForIds(listing: ZoneListing, ids: readonly string[], key: string): string[] {
    const nameById = new Map(listing.zoneIds.map((id, i) => [id, listing.names[i]] as const));
    const missing = ids.filter((id) => !nameById.has(id));
    if (missing.length > 0) {
        throw new Error(
            `${key}: ${missing.join(", ")} not among this account's zones ` +
                `(${listing.zoneIds.join(", ") || "none"})`,
        );
    }
    return ids.map((id) => nameById.get(id)!);
}

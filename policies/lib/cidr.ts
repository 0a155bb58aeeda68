/**
 * CIDR classification for the network rules: a source is "public" unless it lies entirely in a
 * range that is not routed on the internet — RFC 1918 (10/8, 172.16/12, 192.168/16), RFC 6598
 * shared address space (100.64/10), IPv6 unique-local (fc00::/7, RFC 4193) and link-local
 * (fe80::/10, RFC 4291). So 0.0.0.0/1 + 128.0.0.0/1, ::/0, 2000::/3 or 8.8.8.8/32 are all public,
 * however they are written.
 */

function v4(address: string): bigint | undefined {
    const parts = address.split(".");
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
    return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function v6(address: string): bigint | undefined {
    if (!/^[0-9a-f:]+$/i.test(address)) return undefined;
    const halves = address.split("::");
    if (halves.length > 2) return undefined;
    const head = halves[0] ? halves[0].split(":") : [];
    const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
    const missing = 8 - head.length - tail.length;
    if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
    const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
    if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

interface Block {
    readonly bits: 32 | 128;
    readonly base: bigint;
    readonly prefix: number;
}

/** Parses `a.b.c.d/n` or `x:y::/n` (a bare address is a /32 or /128); undefined when malformed. */
export function parseCidr(cidr: string): Block | undefined {
    const [address, length, extra] = cidr.trim().split("/");
    if (extra !== undefined || address === undefined) return undefined;
    const isV6 = address.includes(":");
    const bits = isV6 ? 128 : 32;
    const base = isV6 ? v6(address) : v4(address);
    const prefix = length === undefined ? bits : /^\d{1,3}$/.test(length) ? Number(length) : NaN;
    if (base === undefined || !(prefix >= 0 && prefix <= bits)) return undefined;
    return { bits, base, prefix };
}

function contains(outer: Block, inner: Block): boolean {
    if (outer.bits !== inner.bits || inner.prefix < outer.prefix) return false;
    const shift = BigInt(outer.bits - outer.prefix);
    return inner.base >> shift === outer.base >> shift;
}

const NON_PUBLIC = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7", "fe80::/10"].map(
    (c) => parseCidr(c)!,
);

/** Whether a CIDR admits internet addresses (a malformed CIDR counts as public: it cannot be proven private). */
export function isPublicCidr(cidr: string): boolean {
    const block = parseCidr(cidr);
    return block === undefined || !NON_PUBLIC.some((range) => contains(range, block));
}

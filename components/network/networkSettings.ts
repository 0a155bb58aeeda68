/** `mlops-platform:network`: a generated VPC or an existing one, with the environment's defaults. */
import { z } from "zod";
import { Environment, PerEnvironment } from "../core/environment";
import { awsId } from "../core/schemaPrimitives";
import { vpcCidrProblems } from "./addressRules";
import { AZ_ID_PATTERN } from "./availabilityZoneIds";
import type { Integer } from "../core/schemaPrimitives";

/** NAT gateway layouts of the generated VPC. */
export const NatGateways = { single: "single", onePerAz: "onePerAz" } as const;
/** A NAT gateway layout. */
export type NatGateways = (typeof NatGateways)[keyof typeof NatGateways];

/** The network settings of the stack config (`mlops-platform:network`): a generated VPC or an existing one. */
export interface NetworkSettings {
    /**
     * Bring your own VPC: its id. Set together with `privateSubnetIds`; then no VPC, NAT gateway or
     * flow log is created (the VPC's owner is responsible for its flow logs).
     */
    readonly vpcId?: string;
    /** Bring your own VPC: at least two private subnets in different AZs (MWAA uses the first two). */
    readonly privateSubnetIds?: string[];
    /**
     * Generated VPC: NAT gateways, one shared (`single`) or one per AZ (`onePerAz`). Default: single in dev/staging,
     * onePerAz in prod.
     */
    readonly natGateways?: NatGateways;
    /**
     * Generated VPC: number of AZs, each with one public and one private subnet (2–6; Redshift Serverless needs 3).
     * Default: 3.
     */
    readonly availabilityZones?: Integer;
    /**
     * Generated VPC: the AZs by ID (`use1-az1`; 2–6, distinct, of the stack's Region), one public and one
     * private subnet each, mapped to this account's AZ names when deploying. Required with the
     * `redshift-serverless` engine: it needs subnets in three of its supported AZ IDs and AWS publishes no
     * list of them; pick three from the VPC console's Subnets view or the Redshift console's workgroup
     * form. Without it, awsx takes the first `availabilityZones` AZ names. Excludes `availabilityZones`.
     */
    readonly availabilityZoneIds?: string[];
    /**
     * Generated VPC: IPv4 CIDR as its network address, /16–/28 (each subnet at least a /28), within RFC 1918,
     * 100.64.0.0/10 or 198.19.0.0/16, not 172.17.0.0/16. Default: awsx's 10.0.0.0/16.
     */
    readonly cidrBlock?: string;
}

/** Generated-VPC defaults per environment (one NAT gateway outside prod; three AZs for Redshift Serverless). */
export const NETWORK_DEFAULTS: PerEnvironment<{
    /** NAT gateway strategy for the generated VPC. */
    readonly natGateways: NatGateways;
    /** Number of availability zones (private subnets) of the generated VPC. */
    readonly availabilityZones: Integer;
}> = {
    dev: { natGateways: "single", availabilityZones: 3 },
    staging: { natGateways: "single", availabilityZones: 3 },
    prod: { natGateways: "onePerAz", availabilityZones: 3 },
};

/** Schema of `mlops-platform:network`. */
export const networkSchema = z
    .strictObject({
        natGateways: z.enum(NatGateways).optional(),
        availabilityZones: z.number().int().min(2).max(6).optional(),
        availabilityZoneIds: z
            .array(z.string().regex(AZ_ID_PATTERN, "must be an AZ ID like use1-az1 (not an AZ name like us-east-1a)"))
            .min(2)
            .max(6)
            .refine((ids) => new Set(ids).size === ids.length, "lists an AZ ID twice")
            .optional(),
        cidrBlock: z
            .string()
            .superRefine((cidr, ctx) => {
                for (const message of vpcCidrProblems(cidr)) ctx.addIssue({ code: "custom", message });
            })
            .optional(),
        vpcId: awsId("vpc").optional(),
        privateSubnetIds: z.array(awsId("subnet")).optional(),
    })
    .superRefine((n, ctx) => {
        if (n.availabilityZones !== undefined && n.availabilityZoneIds !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["availabilityZones"],
                message: "set availabilityZoneIds or availabilityZones, not both (the IDs give the count)",
            });
        }
        const bringOwn = n.vpcId !== undefined || n.privateSubnetIds !== undefined;
        if (!bringOwn) return;
        if (n.vpcId === undefined) {
            ctx.addIssue({ code: "custom", path: ["vpcId"], message: "is required when privateSubnetIds is set" });
        }
        if (n.privateSubnetIds === undefined || n.privateSubnetIds.length < 2) {
            ctx.addIssue({
                code: "custom",
                path: ["privateSubnetIds"],
                message: "needs at least 2 private subnets in different AZs (MWAA requires two)",
            });
        } else if (new Set(n.privateSubnetIds).size !== n.privateSubnetIds.length) {
            ctx.addIssue({ code: "custom", path: ["privateSubnetIds"], message: "lists a subnet twice" });
        }
        for (const key of ["natGateways", "availabilityZones", "availabilityZoneIds", "cidrBlock"] as const) {
            if (n[key] !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    message: "applies only to the generated VPC; remove it when bringing vpcId",
                });
            }
        }
    });

/** awsx's NAT strategy for the config's `natGateways` value. */
export const NAT_STRATEGY: Record<NatGateways, "Single" | "OnePerAz"> = { single: "Single", onePerAz: "OnePerAz" };

/** The generated VPC's layout with the environment's defaults applied. */
export interface ResolvedVpcSettings {
    readonly natGateways: NatGateways;
    /** Number of AZs (the length of `availabilityZoneIds` when set). */
    readonly availabilityZones: Integer;
    /** The AZs by ID, when configured; otherwise awsx takes the Region's first `availabilityZones` names. */
    readonly availabilityZoneIds?: readonly string[];
    readonly cidrBlock?: string;
}

/** Applies the environment's defaults to the generated-VPC settings (pure; no resources). */
export function resolveVpcSettings(environment: Environment, s: NetworkSettings): ResolvedVpcSettings {
    const d = NETWORK_DEFAULTS[environment];
    return {
        natGateways: s.natGateways ?? d.natGateways,
        availabilityZones: s.availabilityZoneIds?.length ?? s.availabilityZones ?? d.availabilityZones,
        availabilityZoneIds: s.availabilityZoneIds,
        cidrBlock: s.cidrBlock,
    };
}

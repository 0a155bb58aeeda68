/**
 * Pulumi mocks that answer like AWS: physical names with Pulumi's auto-name suffix, ids and ARNs
 * in each service's format, endpoints and URLs where the provider computes them. Values are
 * derived from a hash of the resource's type and name, so a plan is reproducible run to run.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { azIdPrefix } from "../../components/network/availabilityZoneIds";

/** The account every mocked ARN belongs to. */
export const MOCK_ACCOUNT_ID = "123456789012";

/** Options for {@link AwsMocks}. */
export interface AwsMocksOptions {
    /** Region reported by `aws.getRegion` and used in ARNs. */
    readonly region?: string;
    /** Outputs of the stacks a `pulumi.StackReference` may read, by fully qualified stack name (stubbed references). */
    readonly stackOutputs?: Readonly<Record<string, Record<string, unknown>>>;
    /** Account id reported by `aws.getCallerIdentity` and used in ARNs. */
    readonly accountId?: string;
}

type State = Record<string, unknown>;

function hex(seed: string, length: number): string {
    let out = "";
    for (let i = 0; out.length < length; i++) {
        out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
    }
    return out.slice(0, length);
}

function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Pulumi's auto-naming: the logical name plus a 7-character random suffix. */
function autoName(inputs: State, field: string, logicalName: string, seed: string): string {
    const given = inputs[field] ?? inputs.name;
    if (typeof given === "string" && given.length > 0) return given;
    const prefix = inputs.namePrefix;
    return `${typeof prefix === "string" ? prefix : `${logicalName}-`}${hex(seed, 7)}`;
}

/** The arguments of `aws.getAvailabilityZones` the mock honours. */
interface AvailabilityZoneQuery {
    readonly state?: string;
    readonly excludeZoneIds?: string[];
    readonly filters?: { name: string; values: string[] }[];
}

/**
 * us-east-1 has six AZs and maps names to IDs independently per account (AWS Regions and Availability
 * Zones guide, "AZ IDs"); the mock's account sees this mapping, deliberately not in ID order. Other
 * Regions get three zones ("Each Region has at least three Availability Zones") mapped uniformly.
 */
const US_EAST_1_ZONES: readonly [string, string][] = [
    ["us-east-1a", "use1-az6"],
    ["us-east-1b", "use1-az1"],
    ["us-east-1c", "use1-az2"],
    ["us-east-1d", "use1-az4"],
    ["us-east-1e", "use1-az3"],
    ["us-east-1f", "use1-az5"],
];

/** `aws.getAvailabilityZones` as EC2 DescribeAvailabilityZones answers it: state, zone-id/zone-name filters. */
function availabilityZones(region: string, query: AvailabilityZoneQuery): Record<string, unknown> {
    const prefix = azIdPrefix(region) ?? region.replace(/-/g, "");
    let zones: [string, string][] =
        region === "us-east-1"
            ? [...US_EAST_1_ZONES]
            : ["a", "b", "c"].map((letter, i) => [`${region}${letter}`, `${prefix}-az${i + 1}`]);
    for (const f of query.filters ?? []) {
        const index = { "zone-name": 0, "zone-id": 1 }[f.name];
        if (index === undefined) throw new Error(`AwsMocks: getAvailabilityZones filter ${f.name} is not mocked`);
        zones = zones.filter((z) => f.values.includes(z[index]));
    }
    zones = zones.filter(([, id]) => !(query.excludeZoneIds ?? []).includes(id));
    return {
        id: region,
        names: zones.map(([name]) => name),
        zoneIds: zones.map(([, id]) => id),
        groupNames: zones.map(() => region),
        state: query.state,
        filters: query.filters,
    };
}

/** Mocks for `pulumi.runtime.setMocks` that emulate AWS resource state. */
export class AwsMocks implements pulumi.runtime.Mocks {
    readonly region: string;
    readonly accountId: string;
    private readonly stackOutputs: Readonly<Record<string, Record<string, unknown>>>;

    constructor(options: AwsMocksOptions = {}) {
        this.stackOutputs = options.stackOutputs ?? {};
        this.region = options.region ?? "us-east-1";
        this.accountId = options.accountId ?? MOCK_ACCOUNT_ID;
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
        const seed = `${args.type}::${args.name}`;
        const inputs = args.inputs as State;
        if (args.type === "pulumi:pulumi:StackReference") {
            const name = String(inputs.name);
            const outputs = this.stackOutputs[name];
            if (outputs === undefined) throw new Error(`no stubbed outputs for stack reference ${name}`);
            return { id: name, state: { name, outputs, secretOutputNames: [] } };
        }
        if (args.custom === false && args.type !== "awsx:ec2:Vpc") {
            return { id: undefined, state: inputs };
        }
        const { id, state } = this.resourceState(args.type, args.name, inputs, seed);
        return { id, state: { ...inputs, ...state, tagsAll: inputs.tags } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const region = this.region;
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    accountId: this.accountId,
                    arn: `arn:aws:iam::${this.accountId}:user/ci`,
                    userId: "AIDAMOCKUSERID000000",
                    id: this.accountId,
                };
            case "aws:index/getRegion:getRegion":
                return {
                    id: region,
                    name: region,
                    region,
                    endpoint: `ec2.${region}.amazonaws.com`,
                    description: region,
                };
            case "aws:index/getPartition:getPartition":
                return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
                return availabilityZones(region, args.inputs as AvailabilityZoneQuery);
            default:
                throw new Error(`AwsMocks: no mock for function ${args.token}`);
        }
    }

    private arn(service: string, resource: string, options: { region?: boolean; account?: boolean } = {}): string {
        const region = options.region === false ? "" : this.region;
        const account = options.account === false ? "" : this.accountId;
        return `arn:aws:${service}:${region}:${account}:${resource}`;
    }

    // One case per resource type whose identity matters; everything else gets a generic ARN.
    private resourceState(
        type: string,
        logicalName: string,
        inputs: State,
        seed: string,
    ): { id: string; state: State } {
        const region = this.region;
        const account = this.accountId;
        switch (type) {
            case "aws:s3/bucket:Bucket":
            case "aws:s3/bucketV2:BucketV2": {
                const bucket = autoName(inputs, "bucket", logicalName, seed);
                return {
                    id: bucket,
                    state: {
                        bucket,
                        arn: `arn:aws:s3:::${bucket}`,
                        bucketDomainName: `${bucket}.s3.amazonaws.com`,
                        bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
                        hostedZoneId: "Z3AQBSTGFYJSTF",
                        region,
                    },
                };
            }
            case "aws:s3/bucketObjectv2:BucketObjectv2": {
                const key = String(inputs.key ?? logicalName);
                return { id: key, state: { key, versionId: hex(seed, 32), etag: hex(`${seed}etag`, 32) } };
            }
            case "aws:kms/key:Key": {
                const keyId = uuid(seed);
                return { id: keyId, state: { keyId, arn: this.arn("kms", `key/${keyId}`) } };
            }
            case "aws:kms/alias:Alias": {
                const name = String(inputs.name ?? `alias/${logicalName}`);
                return { id: name, state: { name, arn: this.arn("kms", name), targetKeyArn: inputs.targetKeyId } };
            }
            case "aws:iam/role:Role": {
                const name = autoName(inputs, "name", logicalName, seed);
                const path = String(inputs.path ?? "/");
                return {
                    id: name,
                    state: {
                        name,
                        arn: `arn:aws:iam::${account}:role${path}${name}`,
                        uniqueId: `AROA${hex(seed, 17).toUpperCase()}`,
                    },
                };
            }
            case "aws:iam/policy:Policy": {
                const name = autoName(inputs, "name", logicalName, seed);
                const arn = `arn:aws:iam::${account}:policy/${name}`;
                return { id: arn, state: { name, arn, policyId: `ANPA${hex(seed, 17).toUpperCase()}` } };
            }
            case "aws:iam/rolePolicy:RolePolicy":
                return { id: `${String(inputs.role)}:${autoName(inputs, "name", logicalName, seed)}`, state: {} };
            case "aws:dynamodb/table:Table": {
                const name = autoName(inputs, "name", logicalName, seed);
                return { id: name, state: { name, arn: this.arn("dynamodb", `table/${name}`) } };
            }
            case "aws:glue/catalogDatabase:CatalogDatabase": {
                const name = autoName(inputs, "name", logicalName, seed);
                return {
                    id: `${account}:${name}`,
                    state: { name, catalogId: account, arn: this.arn("glue", `database/${name}`) },
                };
            }
            case "aws:glue/catalogTable:CatalogTable": {
                const name = autoName(inputs, "name", logicalName, seed);
                return {
                    id: `${account}:${String(inputs.databaseName)}:${name}`,
                    state: {
                        name,
                        catalogId: account,
                        arn: this.arn("glue", `table/${String(inputs.databaseName)}/${name}`),
                    },
                };
            }
            case "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings":
                return { id: account, state: { catalogId: account } };
            case "aws:redshiftserverless/namespace:Namespace": {
                const namespaceName = autoName(inputs, "namespaceName", logicalName, seed);
                const namespaceId = uuid(seed);
                return {
                    id: namespaceName,
                    state: {
                        namespaceName,
                        namespaceId,
                        arn: this.arn("redshift-serverless", `namespace/${namespaceId}`),
                        adminPasswordSecretArn: this.arn(
                            "secretsmanager",
                            `secret:redshift!${namespaceName}-` +
                                `${String(inputs.adminUsername ?? "admin")}-${hex(seed, 6)}`,
                        ),
                    },
                };
            }
            case "aws:redshiftserverless/workgroup:Workgroup": {
                const workgroupName = autoName(inputs, "workgroupName", logicalName, seed);
                const workgroupId = uuid(seed);
                const address = `${workgroupName}.${account}.${region}.redshift-serverless.amazonaws.com`;
                return {
                    id: workgroupName,
                    state: {
                        workgroupName,
                        workgroupId,
                        arn: this.arn("redshift-serverless", `workgroup/${workgroupId}`),
                        endpoints: [{ address, port: Number(inputs.port ?? 5439), vpcEndpoints: [] }],
                    },
                };
            }
            case "aws:redshift/cluster:Cluster": {
                const clusterIdentifier = autoName(inputs, "clusterIdentifier", logicalName, seed);
                const dnsName = `${clusterIdentifier}.c${hex(seed, 11)}.${region}.redshift.amazonaws.com`;
                return {
                    id: clusterIdentifier,
                    state: {
                        clusterIdentifier,
                        arn: this.arn("redshift", `cluster:${clusterIdentifier}`),
                        dnsName,
                        endpoint: `${dnsName}:5439`,
                        port: 5439,
                        masterPasswordSecretArn: this.arn(
                            "secretsmanager",
                            `secret:redshift!${clusterIdentifier}-` +
                                `${String(inputs.masterUsername ?? "admin")}-${hex(seed, 6)}`,
                        ),
                    },
                };
            }
            case "aws:redshift/parameterGroup:ParameterGroup":
            case "aws:redshift/subnetGroup:SubnetGroup": {
                const name = autoName(inputs, "name", logicalName, seed);
                const kind = type.includes("parameter") ? "parametergroup" : "subnetgroup";
                return { id: name, state: { name, arn: this.arn("redshift", `${kind}:${name}`) } };
            }
            case "aws:cloudwatch/logGroup:LogGroup": {
                const name = autoName(inputs, "name", logicalName, seed);
                return { id: name, state: { name, arn: this.arn("logs", `log-group:${name}`) } };
            }
            case "aws:ec2/securityGroup:SecurityGroup": {
                const id = `sg-${hex(seed, 17)}`;
                return {
                    id,
                    state: {
                        name: autoName(inputs, "name", logicalName, seed),
                        arn: this.arn("ec2", `security-group/${id}`),
                        ownerId: account,
                    },
                };
            }
            case "aws:ec2/flowLog:FlowLog": {
                const id = `fl-${hex(seed, 17)}`;
                return { id, state: { arn: this.arn("ec2", `vpc-flow-log/${id}`) } };
            }
            case "awsx:ec2:Vpc": {
                const vpcId = `vpc-${hex(seed, 17)}`;
                // awsx: one subnet of each kind per AZ name given, else per counted AZ (default 3).
                const names = inputs.availabilityZoneNames as string[] | undefined;
                const azs = names?.length ?? Number(inputs.numberOfAvailabilityZones ?? 3);
                const subnets = (kind: string) =>
                    Array.from({ length: azs }, (_, i) => `subnet-${hex(`${seed}${kind}${i}`, 17)}`);
                return {
                    id: vpcId,
                    state: {
                        vpcId,
                        privateSubnetIds: subnets("private"),
                        publicSubnetIds: subnets("public"),
                        isolatedSubnetIds: [],
                    },
                };
            }
            case "aws:mwaa/environment:Environment": {
                const name = autoName(inputs, "name", logicalName, seed);
                return {
                    id: name,
                    state: {
                        name,
                        arn: this.arn("airflow", `environment/${name}`),
                        webserverUrl: `${uuid(seed)}-vpce.c${hex(seed, 2)}.airflow.${region}.on.aws`,
                        serviceRoleArn:
                            `arn:aws:iam::${account}:role/aws-service-role/` +
                            "airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA",
                        status: "AVAILABLE",
                    },
                };
            }
            case "aws:ecr/repository:Repository": {
                const name = autoName(inputs, "name", logicalName, seed);
                return {
                    id: name,
                    state: {
                        name,
                        arn: this.arn("ecr", `repository/${name}`),
                        registryId: account,
                        repositoryUrl: `${account}.dkr.ecr.${region}.amazonaws.com/${name}`,
                    },
                };
            }
            case "aws:sagemaker/model:Model":
            case "aws:sagemaker/endpointConfiguration:EndpointConfiguration":
            case "aws:sagemaker/endpoint:Endpoint": {
                const name = autoName(inputs, "name", logicalName, seed);
                const kind =
                    { Model: "model", EndpointConfiguration: "endpoint-config", Endpoint: "endpoint" }[
                        type.split(":")[2]
                    ] ?? "model";
                return { id: name, state: { name, arn: this.arn("sagemaker", `${kind}/${name.toLowerCase()}`) } };
            }
            case "aws:sagemaker/modelPackageGroup:ModelPackageGroup": {
                const name = String(inputs.modelPackageGroupName);
                return { id: name, state: { arn: this.arn("sagemaker", `model-package-group/${name.toLowerCase()}`) } };
            }
            case "aws:sns/topic:Topic": {
                const name = autoName(inputs, "name", logicalName, seed);
                return { id: this.arn("sns", name), state: { name, arn: this.arn("sns", name) } };
            }
            case "aws:cloudwatch/metricAlarm:MetricAlarm": {
                const name = autoName(inputs, "name", logicalName, seed);
                return { id: name, state: { name, arn: this.arn("cloudwatch", `alarm:${name}`) } };
            }
            case "aws:appautoscaling/target:Target":
                return {
                    id: String(inputs.resourceId ?? logicalName),
                    state: { arn: this.arn("application-autoscaling", `scalable-target/${hex(seed, 32)}`) },
                };
            case "aws:appautoscaling/policy:Policy": {
                const name = autoName(inputs, "name", logicalName, seed);
                return {
                    id: name,
                    state: {
                        name,
                        arn: this.arn(
                            "autoscaling",
                            `scalingPolicy:${uuid(seed)}:resource/${String(inputs.resourceId)}:policyName/${name}`,
                        ),
                    },
                };
            }
            default: {
                // Resources whose identity nothing reads (bucket settings, attachments, ...).
                const [pkg, module] = type.split(":");
                const service = pkg === "aws" ? (module ?? "resource").split("/")[0] : pkg;
                const id = `${logicalName}-${hex(seed, 7)}`;
                return { id, state: { arn: this.arn(service, `${logicalName}/${id}`) } };
            }
        }
    }
}

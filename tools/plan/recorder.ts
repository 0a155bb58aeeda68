/**
 * Records every resource a Pulumi program registers under the mock runtime, with what the engine
 * would see: inputs, parent, dependencies (also per property), provider, protect and
 * retainOnDelete. The plan engine, the policy runner and the tests all read this record.
 */
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { AwsMocks, AwsMocksOptions } from "./awsMocks";
import { skipDeploymentDiagnostics } from "./mockRunDiagnostics";

/** One planned resource, as the engine would register it. */
export interface PlannedResource {
    /** The resource URN. */
    readonly urn: string;
    /** The type token, e.g. `aws:s3/bucket:Bucket` or `mlops-platform:index:SecureBucket`. */
    readonly type: string;
    /** The logical name. */
    readonly name: string;
    /** The physical id the mock assigned (custom resources only). */
    readonly id?: string;
    /** False for component resources. */
    readonly custom: boolean;
    /** URN of the parent resource, if any. */
    readonly parent?: string;
    /** Provider reference (`urn::id`), if an explicit provider was passed. */
    readonly provider?: string;
    /** Inputs with secrets unwrapped and resource references replaced by their id (or URN). */
    readonly inputs: Record<string, unknown>;
    /** The state the mock returned (inputs plus computed ids, ARNs, endpoints). */
    readonly outputs: Record<string, unknown>;
    /** URNs this resource depends on. */
    readonly dependencies: readonly string[];
    /** URNs each input property depends on. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /** `protect` resource option. */
    readonly protect: boolean;
    /** `retainOnDelete` resource option. */
    readonly retainOnDelete: boolean;
    /** `deleteBeforeReplace` resource option. */
    readonly deleteBeforeReplace: boolean;
    /** `ignoreChanges` resource option. */
    readonly ignoreChanges: readonly string[];
    /** Custom timeouts (`create`, `update`, `delete` as Go durations), if set. */
    readonly customTimeouts?: { readonly create?: string; readonly update?: string; readonly delete?: string };
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Turns a wire value into plain data: secrets unwrapped, resource references to id or URN. */
export function plainValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plainValue);
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return plainValue(obj.value);
    if (obj[SIG_KEY] === RESOURCE_SIG) return obj.id !== undefined && obj.id !== "" ? obj.id : obj.urn;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = plainValue(v);
    return out;
}

/** A recording of one program run. */
export class ResourceRecorder {
    private readonly records: PlannedResource[] = [];

    /** Everything registered so far, in registration order. */
    get resources(): readonly PlannedResource[] {
        return this.records;
    }

    /** Resources of one type token. */
    ofType(type: string): PlannedResource[] {
        return this.records.filter((r) => r.type === type);
    }

    /** The single resource of a type whose logical name is `name`; throws when absent. */
    named(type: string, name: string): PlannedResource {
        const found = this.records.find((r) => r.type === type && r.name === name);
        if (found === undefined) {
            const names = this.ofType(type).map((r) => r.name);
            throw new Error(`no ${type} named ${name} (have: ${names.join(", ") || "none"})`);
        }
        return found;
    }

    /** Children (direct) of a resource. */
    childrenOf(urn: string): PlannedResource[] {
        return this.records.filter((r) => r.parent === urn);
    }

    /** @internal */
    add(record: PlannedResource): void {
        this.records.push(record);
    }
}

/** Options for {@link startMockRun}. */
export interface MockRunOptions extends AwsMocksOptions {
    /** Pulumi project name (default `mlops-platform`). */
    readonly project?: string;
    /** Stack name (default `dev`). */
    readonly stack?: string;
    /** Flat Pulumi config (`namespace:key` → string, structured values JSON-encoded). */
    readonly config?: Record<string, string>;
    /** Config keys that are secrets (`secure:` stack values): `pulumi.Config` hands them out as secret outputs. */
    readonly secretKeys?: readonly string[];
}

interface MonitorLike {
    registerResource(
        req: RegisterRequest,
        callback: (err: Error | null, resp: RegisterResponse | undefined) => void,
    ): void;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}
interface RegisterResponse {
    getUrn(): string;
    getId(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/**
 * Installs AWS mocks and a recorder into the Pulumi runtime. Everything the program registers
 * afterwards lands in the returned recorder. Import code under test only after this call. The
 * SDK's promise-leak tracking and resource source positions are off from here on
 * (./mockRunDiagnostics.ts).
 */
export function startMockRun(options: MockRunOptions = {}): ResourceRecorder {
    skipDeploymentDiagnostics();
    const config = options.config ?? {};
    const region = options.region ?? config["aws:region"] ?? "us-east-1";
    pulumi.runtime.setMocks(
        new AwsMocks({ ...options, region }),
        options.project ?? "mlops-platform",
        options.stack ?? "dev",
        false,
    );
    pulumi.runtime.setAllConfig({ "aws:region": region, ...config }, [...(options.secretKeys ?? [])]);
    const recorder = new ResourceRecorder();
    const monitor = settings.getMonitor() as unknown as MonitorLike;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        register(req, (err, resp) => {
            if (err === null && resp !== undefined) recorder.add(toRecord(req, resp));
            callback(err, resp);
        });
    };
    return recorder;
}

function toRecord(req: RegisterRequest, resp: RegisterResponse): PlannedResource {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    const timeouts = req.getCustomtimeouts();
    const customTimeouts =
        timeouts !== undefined && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())
            ? {
                  ...(timeouts.getCreate() ? { create: timeouts.getCreate() } : {}),
                  ...(timeouts.getUpdate() ? { update: timeouts.getUpdate() } : {}),
                  ...(timeouts.getDelete() ? { delete: timeouts.getDelete() } : {}),
              }
            : undefined;
    return {
        urn: resp.getUrn(),
        type: req.getType(),
        name: req.getName(),
        ...(resp.getId() ? { id: resp.getId() } : {}),
        custom: req.getCustom(),
        ...(req.getParent() ? { parent: req.getParent() } : {}),
        ...(req.getProvider() ? { provider: req.getProvider() } : {}),
        inputs: plainValue(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
        outputs: plainValue(resp.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        deleteBeforeReplace: req.getDeletebeforereplace(),
        ignoreChanges: req.getIgnorechangesList(),
        ...(customTimeouts ? { customTimeouts } : {}),
    };
}

/** Waits until every registration the program started has completed. */
export async function settle(): Promise<void> {
    // waitForRPCs is marked @internal in the SDK typings but is what `runInPulumiStack` itself awaits.
    await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

/** Resolves an Output to its value (mock runs only). */
export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

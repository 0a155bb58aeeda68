/**
 * Defers what @pulumi/pulumi loads at import and a mock run never calls: the TypeScript compiler
 * (function serialization, `pulumi.runtime.serializeFunction`) and npm's arborist with
 * normalize-package-data (`computeCodePaths`, for the same). Together they are about a third of the
 * SDK's import time. Each is replaced, for the one SDK file that requires it, by a stand-in that
 * loads the real module on first use, so a program that does serialize a function still works.
 *
 * Loaded first by the plan CLI, the test bootstrap and the pack process the tools start; it must
 * run before @pulumi/pulumi is required. test/plan/deferSdkLoads.spec.ts fails loudly when the
 * SDK stops requiring these modules from these files (the deferral would silently do nothing).
 */
import nodeModule = require("module");
import * as path from "path";

/** One deferred `require(request)` made by `file` (a path inside node_modules/@pulumi/pulumi). */
export interface DeferredLoad {
    readonly file: string;
    readonly request: string;
}

/** What is deferred: the exact requires of @pulumi/pulumi 3.x that load these at import. */
export const DEFERRED_LOADS: readonly DeferredLoad[] = [
    // `const ts = require("../../typescript-shim")`; used only while serializing a function.
    { file: "runtime/closure/parseFunction.js", request: "../../typescript-shim" },
    // `__importStar(require("@npmcli/arborist"))`; used only by computeCodePaths.
    { file: "runtime/closure/codePaths.js", request: "@npmcli/arborist" },
    // `__importDefault(require("normalize-package-data"))`; likewise.
    { file: "runtime/closure/codePaths.js", request: "normalize-package-data" },
];

/** The deferred loads seen so far in this process, and whether each was since loaded for real. */
export const deferred = new Map<string, { loaded: boolean }>();

const SDK_DIR = `${path.sep}@pulumi${path.sep}pulumi${path.sep}`;

type Load = (request: string, parent: { filename?: string | null } | null | undefined, isMain: boolean) => unknown;

/**
 * A stand-in for a module: every property read loads it (once) and reads the real one. It says
 * `__esModule` so that TypeScript's `__importStar`/`__importDefault` helpers keep it as it is
 * instead of copying its properties at import, and its `default` is the real module.
 */
function lazyModule(key: string, load: () => unknown): object {
    let real: Record<PropertyKey, unknown> | undefined;
    const get = () => {
        if (real === undefined) {
            real = load() as Record<PropertyKey, unknown>;
            deferred.set(key, { loaded: true });
        }
        return real;
    };
    return new Proxy(
        {},
        {
            get: (_target, prop) => {
                if (prop === "__esModule") return true;
                const module = get();
                return prop === "default" && !("default" in module) ? module : module[prop];
            },
            has: (_target, prop) => prop in get(),
            ownKeys: () => Reflect.ownKeys(get()),
            getOwnPropertyDescriptor: (_target, prop) => {
                const d = Reflect.getOwnPropertyDescriptor(get(), prop);
                return d && { ...d, configurable: true };
            },
        },
    );
}

let installed = false;

/** Installs the deferral (idempotent). */
export function deferSdkLoads(): void {
    if (installed) return;
    installed = true;
    const moduleApi = nodeModule as unknown as { _load: Load };
    const original = moduleApi._load;
    moduleApi._load = function (request, parent, isMain) {
        const filename = parent?.filename;
        if (typeof filename === "string" && filename.includes(SDK_DIR)) {
            const inSdk = filename
                .slice(filename.lastIndexOf(SDK_DIR) + SDK_DIR.length)
                .split(path.sep)
                .join("/");
            const match = DEFERRED_LOADS.find((d) => d.file === inSdk && d.request === request);
            if (match !== undefined) {
                const key = `${match.file} ${match.request}`;
                if (!deferred.has(key)) deferred.set(key, { loaded: false });
                return lazyModule(key, () => original.call(this, request, parent, isMain));
            }
        }
        return original.call(this, request, parent, isMain);
    };
}

deferSdkLoads();

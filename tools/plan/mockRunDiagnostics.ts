/**
 * Turns off, in a mock run only, two diagnostics @pulumi/pulumi gathers for a real deployment and a
 * plan never reads. Together they were about a quarter of a plan's CPU, much of it the garbage
 * collector's (docs/performance.md).
 *
 * - Promise leak tracking: `debuggablePromise` (runtime/debuggable.js) stamps every internal promise
 *   with an id, a context string and a stack trace, chains two more promises onto it and keeps it in
 *   a set, so that a program exiting with promises pending prints "Promise leak detected" and exits
 *   1. Four of them wrap every output property of every resource (rpc.js `transferProperties`). A
 *   mock plan never exits with work pending unnoticed: the recorder awaits every registration
 *   (`settle`), the plan CLI reports a program that left its outputs unresolved
 *   (`exitWhenStalled`, tools/shared/cli.ts) and a spec times out. The replacement returns the
 *   promise itself, so rejections surface exactly where they did.
 * - Source positions: every resource's constructor formats the whole call stack
 *   (`Resource.stackTrace` → `Resource.callsites`, resource.js) for the `sourcePosition` and
 *   `stackTrace` of its RegisterResourceRequest, which the engine shows in diagnostics; the mock
 *   monitor ignores both, and the recorder records neither.
 *
 * The SDK reaches both through an object at call time (`debuggable_1.debuggablePromise(…)`,
 * `Resource.stackTrace(4)`), so replacing the property replaces every call;
 * test/plan/mockRunDiagnostics.spec.ts fails loudly when the SDK defines or calls them otherwise
 * (a replacement would silently do nothing).
 */

/** The SDK's modules (their typings export nothing of this): `import *` would copy them. */
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
};
const resource = require("@pulumi/pulumi/resource") as { Resource: { stackTrace(skip: number): unknown[] } };

/** The SDK files that call `debuggablePromise`, each through `debuggable_1` (@pulumi/pulumi 3.x). */
export const DEBUGGABLE_PROMISE_CALLERS: readonly string[] = [
    "runtime/callbacks.js",
    "runtime/invoke.js",
    "runtime/resource.js",
    "runtime/rpc.js",
    "runtime/settings.js",
];

/** Replaces both for the rest of the process (idempotent). */
export function skipDeploymentDiagnostics(): void {
    debuggable.debuggablePromise = (p) => p;
    resource.Resource.stackTrace = () => [];
}

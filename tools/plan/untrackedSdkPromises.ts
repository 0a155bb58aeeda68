/**
 * Stops @pulumi/pulumi tracking its internal promises for its leak report, in a mock run only.
 *
 * In a real deployment `debuggablePromise` (runtime/debuggable.js) stamps every internal promise
 * with an id, a context string and a stack trace, chains two more promises onto it and keeps it in
 * a set, so that a program exiting with promises pending prints "Promise leak detected" and exits 1.
 * Four of those wrap every output property of every resource (rpc.js `transferProperties`): in a
 * plan they were about an eighth of its CPU, most of it the garbage collector's. A mock plan never
 * exits with work pending unnoticed: the recorder awaits every registration (`settle`), the plan
 * CLI reports a program that left its outputs unresolved (tools/plan/plan.ts), and a spec times
 * out. The promise itself is returned, so rejections surface exactly where they did.
 *
 * The SDK's modules call it through their module object (`debuggable_1.debuggablePromise(…)`), so
 * replacing the export replaces every call; test/plan/untrackedSdkPromises.spec.ts fails loudly when
 * the SDK defines or calls it otherwise (the replacement would silently do nothing).
 */

/** The SDK module itself (its typings export nothing): `import *` would copy it under esModuleInterop. */
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
};

/** The SDK files that call `debuggablePromise`, each through `debuggable_1` (@pulumi/pulumi 3.x). */
export const DEBUGGABLE_PROMISE_CALLERS: readonly string[] = [
    "runtime/callbacks.js",
    "runtime/invoke.js",
    "runtime/resource.js",
    "runtime/rpc.js",
    "runtime/settings.js",
];

/** Replaces the SDK's `debuggablePromise` with one that returns the promise untracked (idempotent). */
export function untrackSdkPromises(): void {
    debuggable.debuggablePromise = (p) => p;
}

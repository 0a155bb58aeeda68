/**
 * Transitional: the component tests (owned by the components/ restructure) still import this
 * path. The module now lives in tools/plan/recorder.ts; repoint those imports there and delete this file.
 */
export { PlannedResource, plainValue, ResourceRecorder, MockRunOptions, startMockRun, settle, valueOf } from "./plan/recorder";

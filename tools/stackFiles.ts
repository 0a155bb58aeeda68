/**
 * Transitional: the component tests (owned by the components/ restructure) still import this
 * path. The module now lives in tools/plan/stackFiles.ts; repoint those imports there and delete this file.
 */
export { StackFiles, StackFileError, loadStack } from "./plan/stackFiles";

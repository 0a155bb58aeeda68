/**
 * Transitional: the component tests (owned by the components/ restructure) still import this
 * path. The module now lives in tools/docs/docs.ts; repoint those imports there and delete this file.
 */
export { PackageSchema, packageSchema } from "./docs/docs";

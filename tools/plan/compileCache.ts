/**
 * Imported first by the CLIs: caches V8's compiled code of the SDKs between runs (Node ≥ 22.1,
 * `module.enableCompileCache`, in the OS temp dir). Loading @pulumi/pulumi and @pulumi/aws is
 * most of a plan's start-up, and the cache cuts it by about a quarter from the second run on.
 */
import * as nodeModule from "module";

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/**
 * AWS limits checked on what the platform will really produce — the final names after prefixing,
 * tags, container environments (naming.ts) — and on where it deploys (target.ts: region, partition,
 * account, regional capacities). Section-local rules live in each section's schema; these span the
 * stack name, the sections and the provider config. All run before any resource is registered.
 */
import { PlatformConfig } from "../platformConfig";
import { nameLimitProblems } from "./naming";
import { DeploymentTarget, targetProblems } from "./target";

export {
    AUTO_NAME_SUFFIX_LENGTH,
    BUCKET_SUFFIXES,
    PLATFORM_TAGS_PER_RESOURCE,
    ROLE_SUFFIXES,
    platformContainerEnvironment,
} from "./naming";
export { DeploymentTarget, KNOWN_REGIONS, partitionOf, readDeploymentTarget, targetProblems } from "./target";

/** Every limit problem of `config` for root name `rootName`, deployed to `target`. */
export function platformLimitProblems(
    rootName: string,
    config: Pick<PlatformConfig, "tags"> & Partial<PlatformConfig>,
    target: DeploymentTarget = {},
): string[] {
    return [...nameLimitProblems(rootName, config), ...targetProblems(config, target)];
}

/** The document a plan produces: what `--json` prints and what the text renderers read. */
import type { PolicyViolation } from "../policy/types";
import type { CostEstimate } from "./cost/estimate";
import type { DeployEstimate } from "./cost/deployTime";
import type { PlannedResource } from "./recorder";

/** The document `--json` prints. */
export interface PlanDocument {
    readonly stack: string;
    readonly resources: readonly PlannedResource[];
    readonly outputs: Record<string, unknown>;
    readonly violations: readonly PolicyViolation[];
    /** Monthly cost estimate (with `--cost`). */
    readonly cost?: CostEstimate;
    /** First-deploy time estimate (with `--cost`). */
    readonly deploy?: DeployEstimate;
}

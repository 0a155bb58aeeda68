/**
 * A serving container's environment as SageMaker receives it, and its size limit: ContainerDefinition
 * `Environment` takes at most 100 entries ("Map Entries: Maximum number of 100 items",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html). The limit counts
 * every variable the Model gets: the shared ones, the variant's own and the lineage (`MODEL_*`) variables.
 */
import { lineageEnvironment, ModelLineage } from "./lineage";

/** SageMaker's maximum number of container environment variables. */
export const MAX_CONTAINER_ENVIRONMENT_VARIABLES = 100;

/**
 * The container environment of one variant: shared variables, then the variant's, then its lineage (last,
 * so a caller's variable of the same name cannot override the model's identity).
 */
export function variantContainerEnvironment<T>(
    shared: Record<string, T>,
    variant: { readonly environment?: Record<string, string> },
    lineage: ModelLineage,
): Record<string, T | string> {
    return { ...shared, ...(variant.environment ?? {}), ...lineageEnvironment(lineage) };
}

/**
 * Problems (`<keyPrefix><listKey>[i].environment: ...`) of the variants whose container would exceed the
 * limit; `lineage` is each variant's (by name), as `expectedLineage` gives it.
 */
export function containerEnvironmentCountProblems(
    keyPrefix: string,
    shared: Record<string, unknown>,
    variants: readonly { readonly name: string; readonly environment?: Record<string, string> }[],
    lineage: Record<string, ModelLineage>,
    listKey = "variants",
): string[] {
    return variants.flatMap((v, i) => {
        const count = Object.keys(variantContainerEnvironment(shared, v, lineage[v.name])).length;
        return count > MAX_CONTAINER_ENVIRONMENT_VARIABLES
            ? [
                  `${keyPrefix}${listKey}[${i}].environment: with the shared and lineage (MODEL_*) variables the ` +
                      `container would have ${count} environment variables; SageMaker allows ` +
                      `${MAX_CONTAINER_ENVIRONMENT_VARIABLES}`,
              ]
            : [];
    });
}

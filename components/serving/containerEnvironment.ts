/**
 * A serving container's environment as SageMaker receives it, and its size limit: ContainerDefinition
 * `Environment` takes at most 100 entries ("Map Entries: Maximum number of 100 items",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html). The limit counts
 * every variable the Model gets: the shared ones, the variant's own and the lineage (`MODEL_*`) variables.
 */
import { lineageEnvironment, modelLineage } from "./lineage";

/** SageMaker's maximum number of container environment variables. */
export const MAX_CONTAINER_ENVIRONMENT_VARIABLES = 100;

/**
 * The container environment of one variant: shared variables, then the variant's, then its lineage (last,
 * so a caller's variable of the same name cannot override the model's identity).
 */
export function variantContainerEnvironment<T>(
    shared: Record<string, T>,
    image: { readonly tag?: string; readonly digest?: string },
    variant: { readonly name: string; readonly environment?: Record<string, string> },
    artifactKey: string | undefined,
): Record<string, T | string> {
    return {
        ...shared,
        ...(variant.environment ?? {}),
        ...lineageEnvironment(modelLineage(image, variant.name, artifactKey)),
    };
}

/** Problems (`<keyPrefix>variants[i].environment: ...`) of variants whose container would exceed the limit. */
export function containerEnvironmentCountProblems(
    keyPrefix: string,
    shared: Record<string, unknown>,
    image: { readonly tag?: string; readonly digest?: string },
    variants: readonly { readonly name: string; readonly environment?: Record<string, string> }[],
): string[] {
    return variants.flatMap((v, i) => {
        const count = Object.keys(variantContainerEnvironment(shared, image, v, undefined)).length;
        return count > MAX_CONTAINER_ENVIRONMENT_VARIABLES
            ? [
                  `${keyPrefix}variants[${i}].environment: with the shared and lineage (MODEL_*) variables the ` +
                      `container would have ${count} environment variables; SageMaker allows ` +
                      `${MAX_CONTAINER_ENVIRONMENT_VARIABLES}`,
              ]
            : [];
    });
}

/**
 * The deployment environments. Each settings module keeps its own defaults per environment
 * (`PerEnvironment<…>`), so a section's defaults live beside its schema and nowhere else.
 */
import type { Integer } from "./schemaPrimitives";

/**
 * The deployment environments this stack knows (an `as const` object: Pulumi's schema inference reads it as an enum).
 */
export const Environment = { dev: "dev", staging: "staging", prod: "prod" } as const;
/** A deployment environment; it selects the defaults of every section. */
export type Environment = (typeof Environment)[keyof typeof Environment];
/** The environments, in promotion order. */
export const ENVIRONMENTS = Object.values(Environment) as [Environment, ...Environment[]];

/** One value per environment: the shape every section's defaults table has. */
export type PerEnvironment<T> = Readonly<Record<Environment, T>>;

/** Platform-wide defaults that no single section owns. */
export const PLATFORM_DEFAULTS: PerEnvironment<{
    /** Stateful resources get `protect` and `retainOnDelete`. */
    readonly protectStatefulResources: boolean;
    /** CloudWatch log group retention in days (a value CloudWatch accepts, see `core/logs.ts`). */
    readonly logRetentionDays: Integer;
}> = {
    dev: { protectStatefulResources: false, logRetentionDays: 30 },
    staging: { protectStatefulResources: false, logRetentionDays: 90 },
    prod: { protectStatefulResources: true, logRetentionDays: 365 },
};

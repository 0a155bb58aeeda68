/**
 * Feast's rules for the feature views of the config (feast-dev/feast v0.66.0), checked before anything
 * is registered, so `feast apply` and Feast's Redshift queries cannot fail on a name the config chose.
 * The shared `identifier` schema already enforces Feast's name rules (`repo_operations.is_valid_name`:
 * no leading `_`/`-`, only word characters; `base_feature_view.ensure_valid`: no `@` or `:`), which
 * also keeps out the reserved placeholder entity `__dummy` / `__dummy_id` (`feature_view.py`).
 */
import { REDSHIFT_RESERVED_WORDS, RuleProblem } from "./redshiftRules";

/**
 * Columns Feast's Redshift point-in-time query defines itself (`infra/offline_stores/redshift.py`,
 * MULTIPLE_FEATURE_VIEW_POINT_IN_TIME_JOIN: `AS entity_timestamp`, `as event_timestamp`,
 * `as created_timestamp`): a join key or feature of that name collides with them.
 */
export const FEAST_QUERY_COLUMNS = ["event_timestamp", "created_timestamp", "entity_timestamp"] as const;

/** The fields of a feature view these rules read. */
interface ViewShape {
    readonly name: string;
    readonly entity: string;
    readonly joinKey: string;
    readonly joinKeyType?: string;
    readonly features: Record<string, string>;
}

/**
 * Problems of the feature views' names as Feast and its Redshift SQL use them:
 * - join keys and features are written into the query unquoted (`{{ feature }} as ...`,
 *   `CAST({{entity}} as VARCHAR)`), so a Redshift reserved word there is a syntax error;
 * - the query's own columns (FEAST_QUERY_COLUMNS) may not be a join key;
 * - Feast keeps one entity per name (`infra/registry/registry.py` `apply_entity` replaces an entity
 *   of the same name), so views naming the same entity must agree on its join key and type.
 */
export function feastViewProblems(views: readonly ViewShape[]): RuleProblem[] {
    const problems: RuleProblem[] = [];
    const entities = new Map<string, { joinKey: string; joinKeyType: string; index: number }>();
    views.forEach((view, i) => {
        const joinKey = view.joinKey.toLowerCase();
        if (REDSHIFT_RESERVED_WORDS.has(joinKey))
            problems.push({
                path: [i, "joinKey"],
                message: `"${view.joinKey}" is a Redshift reserved word; Feast's queries use join keys unquoted`,
            });
        if ((FEAST_QUERY_COLUMNS as readonly string[]).includes(joinKey))
            problems.push({
                path: [i, "joinKey"],
                message: `"${view.joinKey}" is a column Feast's point-in-time query defines itself`,
            });
        for (const feature of Object.keys(view.features)) {
            const lower = feature.toLowerCase();
            if (REDSHIFT_RESERVED_WORDS.has(lower))
                problems.push({
                    path: [i, "features", feature],
                    message: `"${feature}" is a Redshift reserved word; Feast's queries use feature names unquoted`,
                });
            else if (lower === "entity_timestamp")
                problems.push({
                    path: [i, "features", feature],
                    message: `"${feature}" is a column Feast's point-in-time query defines itself`,
                });
        }
        const joinKeyType = view.joinKeyType ?? "string";
        const seen = entities.get(view.entity);
        if (seen === undefined) entities.set(view.entity, { joinKey: view.joinKey, joinKeyType, index: i });
        else if (seen.joinKey !== view.joinKey || seen.joinKeyType !== joinKeyType)
            problems.push({
                path: [i, "entity"],
                message:
                    `entity "${view.entity}" is declared by featureViews[${seen.index}] with join key ` +
                    `${seen.joinKey} (${seen.joinKeyType}); Feast keeps one entity per name, so use the same ` +
                    `joinKey/joinKeyType or another entity name`,
            });
    });
    return problems;
}

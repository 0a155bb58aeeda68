/**
 * Airflow configuration options the stack config may not set because something else already owns
 * them: the platform (its `[mlops]` section, paused DAGs, log levels) or MWAA itself (options MWAA
 * always overwrites, so a value in the config would be silently ignored).
 */
import { RuleProblem } from "../featureStore/redshiftRules";

/** Airflow configuration section the DAGs read their bucket names and paths from (`conf.get("mlops", ...)`). */
export const PIPELINE_CONFIG_SECTION = "mlops";

/** Options the platform writes on every environment (orchestration.ts), merged under the config's. */
export const PLATFORM_AIRFLOW_OPTIONS: Readonly<Record<string, string>> = {
    // DAGs stay paused until someone turns them on; no example DAGs or connections.
    "core.load_examples": "False",
    "core.dags_are_paused_at_creation": "True",
};

/**
 * Options MWAA sets last, over the customer's ("These environment variables are essential and cannot
 * be overridden by the customer": aws/amazon-mwaa-docker-images@9d2bebb
 * images/airflow/2.10.3/python/mwaa/config/airflow.py `get_essential_airflow_config`, applied after
 * the user's options in mwaa/config/setup_environment.py).
 */
export const MWAA_ESSENTIAL_OPTIONS: readonly string[] = [
    "core.executor",
    "core.fernet_key",
    "core.load_examples",
    "celery.broker_url",
    "celery.celery_config_options",
    "celery.result_backend",
    "celery.worker_enable_remote_control",
    "celery_broker_transport_options.visibility_timeout",
    "operators.default_queue",
    "database.sql_alchemy_conn",
    "logging.logging_config_class",
    "metrics.statsd_on",
    "metrics.statsd_host",
    "metrics.statsd_port",
    "metrics.statsd_prefix",
    "scheduler.standalone_dag_processor",
    "webserver.config_file",
    "webserver.cookie_secure",
    "webserver.secret_key",
];

/** Why an option key fights the platform or MWAA, or undefined when the config may set it. */
function conflict(key: string): string | undefined {
    if (key.startsWith(`${PIPELINE_CONFIG_SECTION}.`))
        return (
            `the [${PIPELINE_CONFIG_SECTION}] section is written by the platform ` +
            "(bucket names and roles the DAGs read)"
        );
    if (key === "core.dags_are_paused_at_creation")
        return "the platform keeps new DAGs paused until someone turns them on";
    if (MWAA_ESSENTIAL_OPTIONS.includes(key)) return "MWAA always overwrites this option (essential configuration)";
    // MWAA's logging config sets the handlers at DEBUG and leaves the level to the root logger
    // (mwaa/logging/config.py: "Customer Log Level handled at root logger"), which logging_level sets.
    if (key === "logging.logging_level" || key === "logging.fab_logging_level")
        return "the log level is orchestration.logLevel (INFO or above; DEBUG task logs print connections)";
    // The pack's invariant-detective-controls-on refuses it; refused here first, naming the key.
    if (key === "webserver.expose_config") return "the UI would show the whole configuration, secrets included";
    return undefined;
}

/** Problems of `orchestration.airflowConfigurationOptions`, one per conflicting key. */
export function airflowOptionProblems(options: Record<string, string> | undefined): RuleProblem[] {
    return Object.keys(options ?? {}).flatMap((key) => {
        const why = conflict(key);
        return why === undefined
            ? []
            : [{ path: ["airflowConfigurationOptions", key], message: `may not be set: ${why}` }];
    });
}

"""Where this stack's data lives, for the DAGs in this folder (MWAA puts the folder on sys.path).

Values come from the ``[mlops]`` Airflow configuration section, which the Orchestration component
sets on the MWAA environment (``AIRFLOW__MLOPS__*`` environment variables when run elsewhere), so
no bucket name is hard-coded in a DAG. Not a DAG itself: listed in ``.airflowignore``.
"""
from airflow.configuration import conf


def setting(key: str) -> str:
    """A value of the [mlops] section; fails the DAG import loudly when the environment lacks it."""
    value = conf.get("mlops", key, fallback="")
    if not value:
        raise ValueError(f"Airflow configuration option mlops.{key} is not set on this environment")
    return value


MODEL_REGISTRY = setting("model_registry_bucket")
PREDICTIONS = setting("predictions_bucket")
# Input notebooks, and one folder of executed notebooks per DAG run.
NOTEBOOKS = f"s3://{MODEL_REGISTRY}/notebooks"
RUNS = f"s3://{PREDICTIONS}/notebook-runs/{{{{ dag.dag_id }}}}/{{{{ ts_nodash }}}}"

# What every notebook needs to find the stack's data; injected as Papermill parameters.
PIPELINE_PARAMETERS = {
    "raw_bucket": setting("raw_bucket"),
    "offline_bucket": setting("offline_bucket"),
    "registry_path": setting("registry_path"),
    "feature_repo": setting("feature_repo"),
    "run_date": "{{ ds }}",
}

"""Online features: rebuild the customer RFM features, then copy the latest values into DynamoDB.

start -> feature_engineering -> sync_offline_to_online -> end, daily.

``sync_offline_to_online`` runs ``feast materialize-incremental <now>`` against the feature repo the
Orchestration component uploads to ``dags/feature_repo/`` (this stack's ``feature_store.yaml``), so
the SageMaker endpoint reads fresh features. Notebooks come from the model registry bucket under
``notebooks/``; executed notebooks go to the predictions bucket under ``notebook-runs/``. Bucket
names come from the ``[mlops]`` Airflow configuration section set by the Orchestration component.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.providers.papermill.operators.papermill import PapermillOperator

from mlops_settings import NOTEBOOKS, PIPELINE_PARAMETERS, RUNS

PARAMETERS = {
    **PIPELINE_PARAMETERS,
    # materialize-incremental end date: the logical end of this run's data interval.
    "materialize_end": "{{ data_interval_end.isoformat() }}",
}

with DAG(
    dag_id="customer_segmentation_online_model",
    description="Online model pipeline: feature engineering, then feast materialize-incremental into DynamoDB",
    schedule="@daily",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["customer-segmentation", "online"],
) as dag:
    start = EmptyOperator(task_id="start")

    feature_engineering = PapermillOperator(
        task_id="feature_engineering",
        input_nb=f"{NOTEBOOKS}/ch6_feature_engineering.ipynb",
        output_nb=f"{RUNS}/ch6_feature_engineering.ipynb",
        parameters=PARAMETERS,
        kernel_name="python3",
        execution_timeout=timedelta(hours=2),
    )

    sync_offline_to_online = PapermillOperator(
        task_id="sync_offline_to_online",
        input_nb=f"{NOTEBOOKS}/ch6_sync_offline_online.ipynb",
        output_nb=f"{RUNS}/ch6_sync_offline_online.ipynb",
        parameters=PARAMETERS,
        kernel_name="python3",
        execution_timeout=timedelta(hours=1),
    )

    end = EmptyOperator(task_id="end")

    start >> feature_engineering >> sync_offline_to_online >> end

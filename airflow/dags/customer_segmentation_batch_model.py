"""Batch scoring: rebuild the customer RFM features, then score every customer with the production model.

start -> feature_engineering -> model_prediction -> end, daily.

Both steps are Papermill runs of notebooks kept in the model registry bucket under ``notebooks/``;
each executed notebook (with its outputs) is written to the predictions bucket under
``notebook-runs/<dag_id>/<run timestamp>/``. Bucket names come from the ``[mlops]`` Airflow
configuration section (see ``mlops_settings.py``), so no bucket name is hard-coded here.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.providers.papermill.operators.papermill import PapermillOperator

from mlops_settings import MODEL_REGISTRY, NOTEBOOKS, PIPELINE_PARAMETERS, PREDICTIONS, RUNS

PARAMETERS = {
    **PIPELINE_PARAMETERS,
    "model_registry_bucket": MODEL_REGISTRY,
    "predictions_bucket": PREDICTIONS,
}

with DAG(
    dag_id="customer_segmentation_batch_model",
    description="Batch model pipeline: feature engineering, then batch scoring",
    schedule="@daily",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["customer-segmentation", "batch"],
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

    model_prediction = PapermillOperator(
        task_id="model_prediction",
        input_nb=f"{NOTEBOOKS}/ch6_model_prediction.ipynb",
        output_nb=f"{RUNS}/ch6_model_prediction.ipynb",
        parameters=PARAMETERS,
        kernel_name="python3",
        execution_timeout=timedelta(hours=2),
    )

    end = EmptyOperator(task_id="end")

    start >> feature_engineering >> model_prediction >> end

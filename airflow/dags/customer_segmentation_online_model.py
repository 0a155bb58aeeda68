"""Online features: rebuild the customer RFM features, then copy the latest values into DynamoDB.

feature_engineering -> materialize, daily. ``materialize`` runs ``feast materialize-incremental
<data_interval_end>`` inside the pipeline image against the generated feature repository, so the
SageMaker endpoint reads fresh features. Run ``feast_apply`` once before the first run.
No DAG is defined until ``mlops-platform:pipelines.image`` pins an image.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.amazon.aws.operators.sagemaker import SageMakerProcessingOperator

from mlops_settings import FEATURE_REPO_VERSION, PIPELINE_IMAGE, processing_job

if PIPELINE_IMAGE:
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
        feature_engineering = SageMakerProcessingOperator(
            task_id="feature_engineering",
            config=processing_job("online", "feature-engineering", ["--run-date", "{{ ds }}"]),
            aws_conn_id=None,
            wait_for_completion=True,
            action_if_job_exists="fail",
        )
        # feast materialize-incremental END_TS parses END_TS with datetime.fromisoformat
        # (feast-dev/feast@v0.66.0:sdk/python/feast/cli/cli.py).
        materialize = SageMakerProcessingOperator(
            task_id="materialize",
            config=processing_job("online", "materialize", ["--end", "{{ data_interval_end.isoformat() }}"]),
            aws_conn_id=None,
            wait_for_completion=True,
            action_if_job_exists="fail",
        )
        # feast apply is idempotent and reads no data, so it runs beside feature engineering: the Feast step
        # always sees the configured definitions registered. A concurrent apply may overwrite the interval
        # a materialization just recorded; the next materialize-incremental then re-writes those rows.
        feast_apply = SageMakerProcessingOperator(
            task_id="feast_apply",
            config=processing_job("online", "feast-apply", ["--definitions-version", FEATURE_REPO_VERSION]),
            aws_conn_id=None,
            wait_for_completion=True,
            action_if_job_exists="fail",
        )
        [feature_engineering, feast_apply] >> materialize

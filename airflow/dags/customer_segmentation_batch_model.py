"""Batch scoring: rebuild the customer RFM features, then score every customer with the production model.

feature_engineering -> batch_scoring, daily. Each task is a SageMaker Processing job running the
pipeline image (``pipelines/`` in the repository); Airflow only starts and watches it
(``SageMakerProcessingOperator``, in ``airflow.providers.amazon.aws.operators.sagemaker`` in every
amazon provider the supported MWAA versions pin, 8.7.1 to 9.12.0).
No DAG is defined until ``mlops-platform:pipelines.image`` pins an image.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.amazon.aws.operators.sagemaker import SageMakerProcessingOperator

from mlops_settings import FEATURE_REPO_VERSION, PIPELINE_IMAGE, processing_job

if PIPELINE_IMAGE:
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
        feature_engineering = SageMakerProcessingOperator(
            task_id="feature_engineering",
            config=processing_job("batch", "feature-engineering", ["--run-date", "{{ ds }}"]),
            aws_conn_id=None,  # the MWAA execution role (boto3's default chain)
            wait_for_completion=True,
            action_if_job_exists="fail",
        )
        batch_scoring = SageMakerProcessingOperator(
            task_id="batch_scoring",
            config=processing_job("batch", "batch-scoring", ["--run-date", "{{ ds }}"]),
            aws_conn_id=None,
            wait_for_completion=True,
            action_if_job_exists="fail",
        )
        # feast apply is idempotent and reads no data, so it runs beside feature engineering: the Feast step
        # always sees the configured definitions registered. A concurrent apply may overwrite the interval
        # a materialization just recorded; the next materialize-incremental then re-writes those rows.
        feast_apply = SageMakerProcessingOperator(
            task_id="feast_apply",
            config=processing_job("batch", "feast-apply", ["--definitions-version", FEATURE_REPO_VERSION]),
            aws_conn_id=None,
            wait_for_completion=True,
            action_if_job_exists="fail",
        )
        [feature_engineering, feast_apply] >> batch_scoring

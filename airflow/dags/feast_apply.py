"""Register the generated feature definitions: ``feast apply`` against the uploaded feature repository.

Triggered by hand (or by CI) before the first materialization and whenever the definitions change;
pass the definitions' version in the run's conf: ``{"definitions_version": "<S3 version id>"}``.
No DAG is defined until ``mlops-platform:pipelines.image`` pins an image.
"""
from datetime import datetime

from airflow import DAG
from airflow.providers.amazon.aws.operators.sagemaker import SageMakerProcessingOperator

from mlops_settings import PIPELINE_IMAGE, processing_job

if PIPELINE_IMAGE:
    with DAG(
        dag_id="feast_apply",
        description="feast apply: register the feature views generated from the stack config",
        schedule=None,
        start_date=datetime(2024, 1, 1),
        catchup=False,
        max_active_runs=1,
        params={"definitions_version": "latest"},
        tags=["customer-segmentation", "feast"],
    ) as dag:
        SageMakerProcessingOperator(
            task_id="feast_apply",
            config=processing_job("feast-apply", ["--definitions-version", "{{ params.definitions_version }}"]),
            aws_conn_id=None,
            wait_for_completion=True,
            action_if_job_exists="fail",
        )

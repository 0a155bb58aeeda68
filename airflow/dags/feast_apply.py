"""Register the generated feature definitions: ``feast apply`` against the uploaded feature repository.

Triggered by hand (or by CI) after a deploy that changed the definitions; the scheduled DAGs also
apply before they materialize or score, so the first materialization always sees registered views.
The run's conf names the version to apply, ``{"definitions_version": "<featureRepository.version>"}``
(the default); the job refuses any other version. No DAG is defined until
``mlops-platform:pipelines.image`` pins an image.
"""
from datetime import datetime

from airflow import DAG
from airflow.providers.amazon.aws.operators.sagemaker import SageMakerProcessingOperator

from mlops_settings import FEATURE_REPO_VERSION, PIPELINE_IMAGE, processing_job

if PIPELINE_IMAGE:
    with DAG(
        dag_id="feast_apply",
        description="feast apply: register the feature views generated from the stack config",
        schedule=None,
        start_date=datetime(2024, 1, 1),
        catchup=False,
        max_active_runs=1,
        params={"definitions_version": FEATURE_REPO_VERSION},
        tags=["customer-segmentation", "feast"],
    ) as dag:
        SageMakerProcessingOperator(
            task_id="feast_apply",
            config=processing_job(
                "apply", "feast-apply", ["--definitions-version", "{{ params.definitions_version }}"]
            ),
            aws_conn_id=None,
            wait_for_completion=True,
            action_if_job_exists="fail",
        )

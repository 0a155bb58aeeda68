"""Where this stack's data lives and how a step becomes a SageMaker Processing job, for the DAGs here.

Values come from the ``[mlops]`` Airflow configuration section, which the Orchestration component
sets on the MWAA environment (``AIRFLOW__MLOPS__*`` environment variables when run elsewhere), so
no bucket, role or image is hard-coded in a DAG. Not a DAG itself: listed in ``.airflowignore``.

Airflow only orchestrates: each step runs in the pipeline image (``pipelines/`` in the repository)
as a Processing job, because Feast and papermill cannot be installed under MWAA's constraints.
"""
from airflow.configuration import conf


def setting(key: str) -> str:
    """A value of the [mlops] section; fails the DAG import loudly when the environment lacks it."""
    value = conf.get("mlops", key, fallback="")
    if not value:
        raise ValueError(f"Airflow configuration option mlops.{key} is not set on this environment")
    return value


# Absent until an image is pinned in config: the DAG files then define no DAG (pipelines disabled).
PIPELINE_IMAGE = conf.get("mlops", "pipeline_image", fallback="")

# The generated Feast repository's version (content hash); every job reads exactly that version's files.
FEATURE_REPO_VERSION = setting("feature_repo_version")

# Environment of every step's container (each value <= 256 characters, CreateProcessingJob's limit).
PIPELINE_ENVIRONMENT = {
    "RAW_BUCKET": setting("raw_bucket"),
    "OFFLINE_BUCKET": setting("offline_bucket"),
    "REGISTRY_PATH": setting("registry_path"),
    "FEATURE_REPO": setting("feature_repo"),
    "FEATURE_REPO_VERSION": FEATURE_REPO_VERSION,
    "MODEL_REGISTRY_BUCKET": setting("model_registry_bucket"),
    "PREDICTIONS_BUCKET": setting("predictions_bucket"),
}


def processing_job(
    dag_tag: str, step: str, arguments: list, instance_type: str = "ml.m5.large", volume_gb: int = 30
) -> dict:
    """The CreateProcessingJob request for one step (the operator passes it to boto3 as is).

    Job names are ``<prefix>-<dag tag>-<step>-<ts_nodash>``: 1-63 characters of ``[a-zA-Z0-9-]`` and
    never reused (https://docs.aws.amazon.com/sagemaker/latest/dg/API_CreateProcessingJob.html), also
    when two DAGs run the same step for the same logical date; the MWAA role may only create jobs under
    ``<prefix>-*``. The fixed part is cut before the template, never the rendered timestamp (16 characters).
    """
    prefix = setting("job_prefix")
    return {
        "ProcessingJobName": f"{prefix}-{dag_tag}-{step}"[:47] + "-{{ ts_nodash | lower }}",
        "RoleArn": setting("processing_role_arn"),
        "AppSpecification": {
            "ImageUri": PIPELINE_IMAGE,
            "ContainerEntrypoint": ["python3", f"/opt/pipeline/{step.replace('-', '_')}.py"],
            "ContainerArguments": arguments,
        },
        "ProcessingResources": {
            "ClusterConfig": {"InstanceCount": 1, "InstanceType": instance_type, "VolumeSizeInGB": volume_gb}
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 7200},
        "Environment": {**PIPELINE_ENVIRONMENT, "RUN_DATE": "{{ ds }}"},
        "Tags": [{"Key": "mlops-platform:step", "Value": step}],
    }

"""Where this stack's data lives and how a step becomes a SageMaker Processing job, for the DAGs here.

Bucket names and paths come from the ``[mlops]`` Airflow configuration section, which the
Orchestration component sets on the MWAA environment (``AIRFLOW__MLOPS__*`` environment variables
when run elsewhere). The pipeline image, the processing role, the network and each step's compute
come from ``mlops_pipeline.json`` beside this file, which the platform uploads from
``mlops-platform:pipelines``: changing them updates one S3 object, not the environment.
Not a DAG itself: listed in ``.airflowignore``.

Airflow only orchestrates: each step runs in the pipeline image (``pipelines/`` in the repository)
as a Processing job, because Feast and papermill cannot be installed under MWAA's constraints.
"""
import json
import pathlib

from airflow.configuration import conf

JOB_CONFIG_FILE = pathlib.Path(__file__).with_name("mlops_pipeline.json")


def _job_config() -> dict:
    """The uploaded job configuration; empty (pipelines off) when the file is absent."""
    try:
        return json.loads(JOB_CONFIG_FILE.read_text())
    except FileNotFoundError:
        return {}


JOB_CONFIG = _job_config()

# None until an image is pinned in mlops-platform:pipelines.image: the DAG files then define no DAG,
# so no Processing job can start against an image that was never pushed.
PIPELINE_IMAGE = JOB_CONFIG.get("image") or ""

# The generated Feast repository (its S3 folder and content hash) from the job configuration, not the
# [mlops] section: a new version updates that file, not the environment. Every job reads exactly it.
FEATURE_REPO = JOB_CONFIG.get("featureRepository") or {}
FEATURE_REPO_VERSION = FEATURE_REPO.get("version", "")


def setting(key: str) -> str:
    """A value of the [mlops] section; fails the DAG import loudly when the environment lacks it."""
    value = conf.get("mlops", key, fallback="")
    if not value:
        raise ValueError(f"Airflow configuration option mlops.{key} is not set on this environment")
    return value


def pipeline_environment() -> dict:
    """Environment of every step's container (each value <= 256 characters, CreateProcessingJob's limit)."""
    return {
        "RAW_BUCKET": setting("raw_bucket"),
        "OFFLINE_BUCKET": setting("offline_bucket"),
        "REGISTRY_PATH": setting("registry_path"),
        "FEATURE_REPO": FEATURE_REPO["url"],
        "FEATURE_REPO_VERSION": FEATURE_REPO["version"],
        "MODEL_REGISTRY_BUCKET": setting("model_registry_bucket"),
        "PREDICTIONS_BUCKET": setting("predictions_bucket"),
    }


def processing_job(dag_tag: str, step: str, arguments: list) -> dict:
    """The CreateProcessingJob request for one step (the operator passes it to boto3 as is).

    Job names are ``<prefix>-<dag tag>-<step>-<ts_nodash>``: 1-63 characters of ``[a-zA-Z0-9-]`` and
    never reused (https://docs.aws.amazon.com/sagemaker/latest/dg/API_CreateProcessingJob.html), also
    when two DAGs run the same step for the same logical date; the MWAA role may only create jobs under
    ``<prefix>-*``. The fixed part is cut before the template, never the rendered timestamp (16 characters).
    ``NetworkConfig.VpcConfig`` runs the job in the platform's private subnets with its HTTPS-only
    security group (API_NetworkConfig, API_VpcConfig).
    The operator casts InstanceCount, VolumeSizeInGB and MaxRuntimeInSeconds to int after templating
    (SageMakerProcessingOperator._create_integer_fields).
    """
    compute = JOB_CONFIG["steps"][step]
    network = JOB_CONFIG["network"]
    return {
        "ProcessingJobName": f"{JOB_CONFIG['jobPrefix']}-{dag_tag}-{step}"[:47] + "-{{ ts_nodash | lower }}",
        "RoleArn": JOB_CONFIG["roleArn"],
        "AppSpecification": {
            "ImageUri": PIPELINE_IMAGE,
            "ContainerEntrypoint": ["python3", f"/opt/pipeline/{step.replace('-', '_')}.py"],
            "ContainerArguments": arguments,
        },
        "ProcessingResources": {
            "ClusterConfig": {
                "InstanceCount": compute["instanceCount"],
                "InstanceType": compute["instanceType"],
                "VolumeSizeInGB": compute["volumeSizeGb"],
            }
        },
        "NetworkConfig": {
            "EnableInterContainerTrafficEncryption": True,
            "EnableNetworkIsolation": False,
            "VpcConfig": {"Subnets": network["subnets"], "SecurityGroupIds": network["securityGroupIds"]},
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": compute["maxRuntimeSeconds"]},
        "Environment": {**pipeline_environment(), "RUN_DATE": "{{ ds }}"},
        "Tags": [{"Key": "mlops-platform:step", "Value": step}],
    }

"""Shared helpers of the pipeline steps: environment, and the feature repository from S3."""
import os
import pathlib
import subprocess
from urllib.parse import urlparse

import boto3

REPO_DIR = pathlib.Path("/tmp/feature_repo")


def env(key: str) -> str:
    """A required environment variable (set by the DAG's Processing job request)."""
    value = os.environ.get(key, "")
    if not value:
        raise SystemExit(f"environment variable {key} is not set")
    return value


def fetch_feature_repo() -> pathlib.Path:
    """Downloads the generated feature repository (feature_store.yaml + definitions) to REPO_DIR."""
    url = urlparse(env("FEATURE_REPO"))
    bucket, prefix = url.netloc, url.path.lstrip("/")
    s3 = boto3.client("s3")
    REPO_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("feature_store.yaml", "features.py"):
        try:
            s3.download_file(bucket, f"{prefix}{name}", str(REPO_DIR / name))
        except s3.exceptions.ClientError:
            if name == "feature_store.yaml":
                raise
    return REPO_DIR


def feast(*args: str) -> None:
    """Runs the feast CLI in the feature repository; a failure fails the job."""
    subprocess.run(["feast", "--chdir", str(fetch_feature_repo()), *args], check=True)

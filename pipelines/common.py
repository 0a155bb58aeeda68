"""Shared helpers of the pipeline steps: environment, and the feature repository from S3."""
import os
import pathlib
import subprocess
from urllib.parse import urlparse

import boto3

from feature_repo_version import directory_version

REPO_DIR = pathlib.Path("/tmp/feature_repo")
# What the platform uploads under s3://<registry bucket>/feature_repo/<version>/ (FEAST_REPOSITORY_FILES).
REPO_FILES = ("feature_store.yaml", "features.py")


def env(key: str) -> str:
    """A required environment variable (set by the DAG's Processing job request)."""
    value = os.environ.get(key, "")
    if not value:
        raise SystemExit(f"environment variable {key} is not set")
    return value


def fetch_feature_repo() -> pathlib.Path:
    """Downloads the generated repository from FEATURE_REPO to REPO_DIR and checks its version.

    FEATURE_REPO is ``s3://<registry bucket>/feature_repo/<version>/`` (one folder per version, so a job
    of an older environment never reads newer files); files that do not hash to FEATURE_REPO_VERSION
    fail the job before Feast runs.
    """
    version = env("FEATURE_REPO_VERSION")
    url = urlparse(env("FEATURE_REPO"))
    bucket, prefix = url.netloc, url.path.lstrip("/")
    s3 = boto3.client("s3")
    REPO_DIR.mkdir(parents=True, exist_ok=True)
    for name in REPO_FILES:
        s3.download_file(bucket, f"{prefix}{name}", str(REPO_DIR / name))
    found = directory_version(REPO_DIR, REPO_FILES)
    if found != version:
        raise SystemExit(f"feature repository s3://{bucket}/{prefix} hashes to {found}, not {version}")
    return REPO_DIR


def feast(*args: str) -> None:
    """Runs the feast CLI in the feature repository; a failure fails the job."""
    subprocess.run(["feast", "--chdir", str(fetch_feature_repo()), *args], check=True)

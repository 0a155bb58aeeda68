"""Step feature_engineering: runs the notebook from the model registry bucket with papermill.

Input ``s3://<model registry>/notebooks/ch6_feature_engineering.ipynb``; the executed notebook goes
to ``s3://<predictions>/notebook-runs/feature_engineering/<run date>/``.
"""
import argparse

import papermill

from common import env

parser = argparse.ArgumentParser()
parser.add_argument("--run-date", required=True)
args = parser.parse_args()
papermill.execute_notebook(
    f"s3://{env('MODEL_REGISTRY_BUCKET')}/notebooks/ch6_feature_engineering.ipynb",
    f"s3://{env('PREDICTIONS_BUCKET')}/notebook-runs/feature_engineering/{args.run_date}/ch6_feature_engineering.ipynb",
    parameters={
        "raw_bucket": env("RAW_BUCKET"),
        "offline_bucket": env("OFFLINE_BUCKET"),
        "run_date": args.run_date,
    },
    kernel_name="python3",
)

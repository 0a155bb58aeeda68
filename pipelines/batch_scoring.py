"""Step batch_scoring: runs the prediction notebook with papermill (model + offline features -> S3)."""
import argparse

import papermill

from common import env, fetch_feature_repo

parser = argparse.ArgumentParser()
parser.add_argument("--run-date", required=True)
args = parser.parse_args()
papermill.execute_notebook(
    f"s3://{env('MODEL_REGISTRY_BUCKET')}/notebooks/ch6_model_prediction.ipynb",
    f"s3://{env('PREDICTIONS_BUCKET')}/notebook-runs/batch_scoring/{args.run_date}/ch6_model_prediction.ipynb",
    parameters={
        "feature_repo": str(fetch_feature_repo()),
        "model_registry_bucket": env("MODEL_REGISTRY_BUCKET"),
        "predictions_bucket": env("PREDICTIONS_BUCKET"),
        "run_date": args.run_date,
    },
    kernel_name="python3",
)

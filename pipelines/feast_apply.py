"""Step feast_apply: `feast apply` on the generated feature repository (registers the views in S3).

The version to apply comes from the DAG run (``--definitions-version``); it must be the version the
environment is configured with (FEATURE_REPO_VERSION), since only that version's files are uploaded.
"""
import argparse
import os

from common import env, feast

parser = argparse.ArgumentParser()
parser.add_argument("--definitions-version", required=True)
args = parser.parse_args()
if args.definitions_version != env("FEATURE_REPO_VERSION"):
    raise SystemExit(
        f"run asks for definitions {args.definitions_version}, the stack ships {os.environ['FEATURE_REPO_VERSION']}"
    )
print(f"feast apply, definitions version {args.definitions_version}")
feast("apply")

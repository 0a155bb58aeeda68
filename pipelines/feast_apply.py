"""Step feast_apply: `feast apply` on the generated feature repository (registers the views in S3)."""
import argparse

from common import feast

parser = argparse.ArgumentParser()
parser.add_argument("--definitions-version", default="latest")
args = parser.parse_args()
print(f"feast apply, definitions version {args.definitions_version}")
feast("apply")

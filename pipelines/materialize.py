"""Step materialize: `feast materialize-incremental END_TS` (Redshift -> DynamoDB)."""
import argparse

from common import feast

parser = argparse.ArgumentParser()
parser.add_argument("--end", required=True, help="ISO 8601 end timestamp (datetime.fromisoformat)")
args = parser.parse_args()
feast("materialize-incremental", args.end)

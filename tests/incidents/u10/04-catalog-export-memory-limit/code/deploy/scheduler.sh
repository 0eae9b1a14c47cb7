#!/usr/bin/env bash
# One-off: nightly trigger for the marketplace feed.
set -euo pipefail
gcloud scheduler jobs create http catalog-export-nightly \
  --location=europe-west2 \
  --schedule="30 1 * * *" --time-zone="Etc/UTC" \
  --uri="https://run.googleapis.com/v2/projects/marlow-finch-prod/locations/europe-west2/jobs/catalog-export:run" \
  --http-method=POST \
  --oauth-service-account-email=scheduler-invoker@marlow-finch-prod.iam.gserviceaccount.com

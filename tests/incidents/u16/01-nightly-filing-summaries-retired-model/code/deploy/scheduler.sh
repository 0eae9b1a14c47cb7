#!/usr/bin/env bash
# One-off: nightly trigger for the summaries job (02:30 America/New_York).
set -euo pipefail
PROJECT=lexbrief-prod
REGION=us-east1
gcloud scheduler jobs create http filing-summaries-nightly \
  --project "$PROJECT" --location "$REGION" \
  --schedule "30 2 * * *" --time-zone "America/New_York" \
  --uri "https://run.googleapis.com/v2/projects/$PROJECT/locations/$REGION/jobs/filing-summaries:run" \
  --http-method POST \
  --oauth-service-account-email "scheduler-invoker@$PROJECT.iam.gserviceaccount.com"

#!/bin/sh
# Cloud Scheduler trigger for the catalog-sync job (created once; kept for reference).
set -eu
PROJECT=brightwell-shop-prod
REGION=europe-west1

gcloud scheduler jobs create http catalog-sync-every-30m \
  --project "$PROJECT" --location "$REGION" \
  --schedule '*/30 * * * *' --time-zone 'Etc/UTC' \
  --http-method POST \
  --uri "https://run.googleapis.com/v2/projects/$PROJECT/locations/$REGION/jobs/catalog-sync:run" \
  --oauth-service-account-email "scheduler-invoker@$PROJECT.iam.gserviceaccount.com"

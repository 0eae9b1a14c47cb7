#!/usr/bin/env bash
set -euo pipefail
gcloud scheduler jobs create http warehouse-sync-6h \
  --project northwind-ops --location europe-west1 \
  --schedule "0 */6 * * *" --time-zone UTC \
  --uri "https://run.googleapis.com/v2/projects/northwind-ops/locations/europe-west1/jobs/warehouse-sync:run" \
  --http-method POST \
  --oauth-service-account-email scheduler-invoker@northwind-ops.iam.gserviceaccount.com

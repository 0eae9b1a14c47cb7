#!/usr/bin/env bash
# Nightly trigger: exports yesterday's invoices at 01:30 UTC.
set -euo pipefail
gcloud scheduler jobs create http invoice-export-nightly \
  --location=europe-west1 \
  --schedule="30 1 * * *" --time-zone="Etc/UTC" \
  --uri="https://run.googleapis.com/v2/projects/ledgerline-prod/locations/europe-west1/jobs/invoice-export:run" \
  --http-method=POST \
  --oauth-service-account-email=scheduler-invoker@ledgerline-prod.iam.gserviceaccount.com

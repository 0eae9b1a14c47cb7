#!/bin/sh
# Nightly trigger for the export job (created once by hand, kept here for reference).
gcloud scheduler jobs create http invoice-export-nightly \
  --location=europe-west1 \
  --schedule="0 2 * * *" --time-zone="Etc/UTC" \
  --uri="https://run.googleapis.com/v2/projects/acme-billing-prod/locations/europe-west1/jobs/invoice-export:run" \
  --http-method=POST \
  --oauth-service-account-email=scheduler-invoker@acme-billing-prod.iam.gserviceaccount.com

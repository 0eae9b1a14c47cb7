#!/bin/sh
# Nightly trigger, 02:00 Europe/Berlin.
gcloud scheduler jobs create http ledger-export-nightly \
  --location europe-west3 \
  --schedule "0 2 * * *" --time-zone "Europe/Berlin" \
  --uri "https://run.googleapis.com/v2/projects/ashgrove-fin-prod/locations/europe-west3/jobs/ledger-export:run" \
  --http-method POST \
  --oauth-service-account-email scheduler@ashgrove-fin-prod.iam.gserviceaccount.com

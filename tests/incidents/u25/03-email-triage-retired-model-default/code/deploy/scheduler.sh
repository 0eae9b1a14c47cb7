#!/bin/sh
# One-off: nightly trigger for the job (Cloud Scheduler -> Cloud Run Admin API)
gcloud scheduler jobs create http email-triage-nightly \
  --project acme-support-prod --location europe-west1 \
  --schedule "30 1 * * *" --time-zone "Etc/UTC" \
  --uri "https://run.googleapis.com/v2/projects/acme-support-prod/locations/europe-west1/jobs/email-triage:run" \
  --http-method POST \
  --oauth-service-account-email scheduler@acme-support-prod.iam.gserviceaccount.com

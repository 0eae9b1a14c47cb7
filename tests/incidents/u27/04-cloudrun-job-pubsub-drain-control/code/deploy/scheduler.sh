#!/bin/sh
# Hourly trigger for the ticket-triage Cloud Run Job (run once per project).
set -eu
gcloud scheduler jobs create http ticket-triage-hourly \
  --location us-central1 \
  --schedule "5 * * * *" \
  --time-zone Etc/UTC \
  --uri "https://run.googleapis.com/v2/projects/helpdesk-prod/locations/us-central1/jobs/ticket-triage:run" \
  --http-method POST \
  --oauth-service-account-email scheduler-invoker@helpdesk-prod.iam.gserviceaccount.com

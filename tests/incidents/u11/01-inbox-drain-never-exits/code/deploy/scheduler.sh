#!/bin/sh
# Trigger inbox-drain every two hours (created once; kept here for reference).
gcloud scheduler jobs create http inbox-drain-every-2h \
  --location=us-central1 \
  --schedule="0 */2 * * *" \
  --time-zone="Etc/UTC" \
  --uri="https://run.googleapis.com/v2/projects/larkspur-support-prod/locations/us-central1/jobs/inbox-drain:run" \
  --http-method=POST \
  --oauth-service-account-email=scheduler-invoker@larkspur-support-prod.iam.gserviceaccount.com

#!/usr/bin/env bash
# Nightly trigger: 07:30 UTC, after the APAC shift hands over.
set -euo pipefail
gcloud scheduler jobs create http digest-mailer-nightly \
  --project harbourline-ops --location us-central1 \
  --schedule "30 7 * * *" --time-zone "Etc/UTC" \
  --uri "https://run.googleapis.com/v2/projects/harbourline-ops/locations/us-central1/jobs/digest-mailer:run" \
  --http-method POST \
  --oauth-service-account-email scheduler-invoker@harbourline-ops.iam.gserviceaccount.com

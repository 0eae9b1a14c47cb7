#!/usr/bin/env bash
# Nightly trigger, 02:00 America/Chicago
set -euo pipefail
gcloud scheduler jobs create http review-digest-nightly-trigger \
  --location us-central1 \
  --schedule "0 2 * * *" --time-zone "America/Chicago" \
  --uri "https://run.googleapis.com/v2/projects/brightcart-prod/locations/us-central1/jobs/review-digest-nightly:run" \
  --http-method POST \
  --oauth-service-account-email scheduler-invoker@brightcart-prod.iam.gserviceaccount.com

#!/usr/bin/env bash
set -euo pipefail
PROJECT=northbay-retail
REGION=us-central1
# Supplier feeds are split into Pub/Sub messages by feed-splitter every 2 hours on the hour.
gcloud scheduler jobs create http supplier-price-sync-2h \
  --project "$PROJECT" --location "$REGION" \
  --schedule "5 */2 * * *" --time-zone "Etc/UTC" \
  --uri "https://run.googleapis.com/v2/projects/${PROJECT}/locations/${REGION}/jobs/supplier-price-sync:run" \
  --http-method POST \
  --oauth-service-account-email "scheduler@${PROJECT}.iam.gserviceaccount.com"

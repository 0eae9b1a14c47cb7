#!/usr/bin/env bash
# One-off setup for the push subscription that feeds reportsvc.
set -euo pipefail
PROJECT=acme-billing-prod
URL=$(gcloud run services describe reportsvc --region us-central1 --project "$PROJECT" --format='value(status.url)')

gcloud pubsub subscriptions create reportsvc-push \
  --project "$PROJECT" \
  --topic report-requests \
  --push-endpoint "$URL/pubsub/push" \
  --push-auth-service-account pubsub-invoker@$PROJECT.iam.gserviceaccount.com \
  --ack-deadline 600 \
  --min-retry-delay 10s --max-retry-delay 600s \
  --dead-letter-topic report-requests-dlq \
  --max-delivery-attempts 10

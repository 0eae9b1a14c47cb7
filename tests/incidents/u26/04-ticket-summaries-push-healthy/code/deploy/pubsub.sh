#!/usr/bin/env bash
set -euo pipefail
PROJECT=helpline-prod
URL=$(gcloud run services describe ticket-summarizer --region us-east1 --project "$PROJECT" --format='value(status.url)')
gcloud pubsub subscriptions create ticket-updated-summarizer \
  --project "$PROJECT" \
  --topic ticket-updated \
  --push-endpoint "$URL/pubsub/ticket-updated" \
  --push-auth-service-account pubsub-push@helpline-prod.iam.gserviceaccount.com \
  --ack-deadline 120 \
  --min-retry-delay 10s --max-retry-delay 300s \
  --dead-letter-topic ticket-updated-dlq --max-delivery-attempts 10

#!/usr/bin/env bash
# One-off setup of the push subscription (kept for reference).
set -euo pipefail
PROJECT=dailyledger-news
URL=$(gcloud run services describe comment-moderator --region europe-west1 --format='value(status.url)')
gcloud pubsub subscriptions create comment-moderator-push \
  --project "$PROJECT" \
  --topic comments-created \
  --push-endpoint "$URL/pubsub/push" \
  --push-auth-service-account "pubsub-push@$PROJECT.iam.gserviceaccount.com" \
  --ack-deadline 60 \
  --min-retry-delay 10s --max-retry-delay 600s \
  --dead-letter-topic comments-created-dlq --max-delivery-attempts 10

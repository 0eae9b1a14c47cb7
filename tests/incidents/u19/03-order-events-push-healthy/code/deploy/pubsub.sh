#!/bin/sh
# One-off setup of the push subscription (kept for reference; changes go through this file).
set -eu
PROJECT=shopfront-prod
URL=$(gcloud run services describe order-events --region europe-west1 --project $PROJECT --format='value(status.url)')
gcloud pubsub subscriptions create order-events-push \
  --project $PROJECT \
  --topic order-events \
  --push-endpoint "$URL/pubsub/order-events" \
  --push-auth-service-account pubsub-push@$PROJECT.iam.gserviceaccount.com \
  --ack-deadline 60 \
  --min-retry-delay 10s --max-retry-delay 600s \
  --dead-letter-topic order-events-dead --max-delivery-attempts 10

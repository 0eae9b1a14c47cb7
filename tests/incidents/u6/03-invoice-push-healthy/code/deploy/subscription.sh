#!/usr/bin/env bash
# One-off setup of the push subscription feeding invoice-writer.
set -euo pipefail
PROJECT=brightfold-commerce
URL=$(gcloud run services describe invoice-writer --region europe-west1 --format='value(status.url)')

gcloud pubsub subscriptions create order-events-invoicer \
  --project "$PROJECT" \
  --topic order-events \
  --push-endpoint "$URL/pubsub/order-events" \
  --push-auth-service-account "pubsub-push@$PROJECT.iam.gserviceaccount.com" \
  --ack-deadline 60 \
  --min-retry-delay 10s --max-retry-delay 600s \
  --dead-letter-topic order-events-dead-letter --max-delivery-attempts 10

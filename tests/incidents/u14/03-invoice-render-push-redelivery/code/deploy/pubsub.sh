#!/bin/sh
# One-off setup for the invoice push subscription (run by hand in 2024, kept for reference).
set -eu
PROJECT=marlow-vane-prod
gcloud pubsub subscriptions create orders-confirmed-invoicer \
  --project "$PROJECT" \
  --topic orders-confirmed \
  --push-endpoint "https://invoicer-5rk2vq3x6a-nw.a.run.app/push/orders-confirmed" \
  --push-auth-service-account "pubsub-push@$PROJECT.iam.gserviceaccount.com" \
  --dead-letter-topic orders-confirmed-dlq \
  --max-delivery-attempts 5 \
  --min-retry-delay 10s \
  --max-retry-delay 300s

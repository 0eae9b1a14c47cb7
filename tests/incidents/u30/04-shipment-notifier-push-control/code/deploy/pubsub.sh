#!/usr/bin/env bash
set -euo pipefail
PROJECT=parcelwise-prod
URL=$(gcloud run services describe shipment-notifier --region=europe-west1 --format='value(status.url)')
gcloud pubsub subscriptions create shipment-events-notifier \
  --project="$PROJECT" --topic=shipment-events \
  --push-endpoint="$URL/pubsub/push" \
  --push-auth-service-account="pubsub-invoker@$PROJECT.iam.gserviceaccount.com" \
  --ack-deadline=30 \
  --min-retry-delay=10s --max-retry-delay=300s \
  --dead-letter-topic=shipment-events-dlq --max-delivery-attempts=8

#!/usr/bin/env bash
set -euo pipefail
PROJECT=northbay-retail
gcloud pubsub subscriptions create supplier-price-updates-sync \
  --project "$PROJECT" \
  --topic supplier-price-updates \
  --ack-deadline 60 \
  --message-retention-duration 3d \
  --dead-letter-topic supplier-price-updates-dlq \
  --max-delivery-attempts 10

#!/usr/bin/env bash
# One-off setup, kept for reference (applied 2026-03 by platform team).
set -euo pipefail
PROJECT=tidewater-prod
gcloud pubsub topics create manifest-lines --project "$PROJECT"
gcloud pubsub topics create manifest-lines-dlq --project "$PROJECT"
gcloud pubsub subscriptions create manifest-lines.enricher \
  --project "$PROJECT" \
  --topic manifest-lines \
  --ack-deadline 30 \
  --message-retention-duration 3d \
  --dead-letter-topic manifest-lines-dlq \
  --max-delivery-attempts 10 \
  --min-retry-delay 10s --max-retry-delay 300s

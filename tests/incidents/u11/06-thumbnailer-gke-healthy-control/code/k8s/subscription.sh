#!/bin/sh
# Subscription as created (kept for reference).
gcloud pubsub subscriptions create asset-uploaded-thumbnailer \
  --project=orchard-media-prod \
  --topic=asset-uploaded \
  --ack-deadline=120 \
  --message-retention-duration=3d \
  --dead-letter-topic=asset-uploaded-dead \
  --max-delivery-attempts=5 \
  --min-retry-delay=10s --max-retry-delay=300s \
  --expiration-period=never \
  --labels=team=media-pipeline

#!/usr/bin/env bash
set -euo pipefail
PROJECT=clipforge-media
gcloud pubsub subscriptions create transcode-requests-worker \
  --project "$PROJECT" \
  --topic transcode-requests \
  --ack-deadline 60 \
  --message-retention-duration 3d \
  --min-retry-delay 10s --max-retry-delay 300s

#!/usr/bin/env bash
# One-time setup of the transcode topic and the worker subscription.
set -euo pipefail
PROJECT=${PROJECT:-clipwise-prod}

gcloud pubsub topics create transcode-requests --project "$PROJECT"
gcloud pubsub subscriptions create transcode-requests-worker \
  --project "$PROJECT" \
  --topic transcode-requests \
  --message-retention-duration 7d \
  --expiration-period never

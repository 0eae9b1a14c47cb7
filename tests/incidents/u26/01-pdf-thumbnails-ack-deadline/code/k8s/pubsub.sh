#!/usr/bin/env bash
# One-off setup, kept for reference.
set -euo pipefail
PROJECT=lumen-docs-prod
gcloud pubsub topics create pdf-uploaded --project "$PROJECT"
gcloud pubsub subscriptions create pdf-uploaded-thumbnailer \
  --project "$PROJECT" \
  --topic pdf-uploaded \
  --message-retention-duration 7d

#!/usr/bin/env bash
set -euo pipefail
REGION=us-central1
IMAGE=us-central1-docker.pkg.dev/pixelmint-media/batch/thumbnail-rebuild:${1:?tag}

gcloud builds submit --tag "$IMAGE" .
gcloud run jobs deploy thumbnail-rebuild \
  --image "$IMAGE" \
  --region "$REGION" \
  --tasks 2 \
  --max-retries 0 \
  --task-timeout 3600s \
  --memory 1Gi \
  --set-env-vars THUMBS_SUBSCRIPTION=thumbnail-rebuild-requests

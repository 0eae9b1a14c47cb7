#!/usr/bin/env bash
# One-time setup of the upload notification -> doc-ingest push subscription.
set -euo pipefail
PROJECT=acme-docs-prod
URL=$(gcloud run services describe doc-ingest --region us-central1 --format='value(status.url)')

gcloud pubsub topics create doc-uploads --project "$PROJECT"
gcloud pubsub topics create doc-uploads-dead --project "$PROJECT"
gcloud storage buckets notifications create gs://acme-docs-uploads --topic=doc-uploads \
  --event-types=OBJECT_FINALIZE --payload-format=json

gcloud pubsub subscriptions create doc-ingest-push --project "$PROJECT" \
  --topic doc-uploads \
  --push-endpoint "$URL/pubsub/push" \
  --push-auth-service-account "pubsub-invoker@$PROJECT.iam.gserviceaccount.com" \
  --ack-deadline 600 \
  --min-retry-delay 10s --max-retry-delay 600s \
  --dead-letter-topic doc-uploads-dead --max-delivery-attempts 10

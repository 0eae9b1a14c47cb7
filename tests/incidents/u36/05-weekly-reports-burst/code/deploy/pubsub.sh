#!/bin/sh
# Topic and push subscription for the weekly reports (run once per project).
set -eu
PROJECT=fernhill-prod
SERVICE_URL=$(gcloud run services describe report-renderer --project "$PROJECT" --region europe-west4 --format='value(status.url)')

gcloud pubsub topics create weekly-reports weekly-reports-dlq --project "$PROJECT"
gcloud pubsub subscriptions create weekly-reports-push --project "$PROJECT" \
  --topic weekly-reports \
  --push-endpoint "$SERVICE_URL/pubsub/push" \
  --push-auth-service-account "pubsub-push@$PROJECT.iam.gserviceaccount.com" \
  --ack-deadline 120 \
  --min-retry-delay 10s --max-retry-delay 600s \
  --dead-letter-topic weekly-reports-dlq --max-delivery-attempts 5

#!/bin/sh
# One-time setup of the push subscription (kept for reference).
gcloud pubsub subscriptions create feedback-classifier-push \
  --topic=feedback-received \
  --push-endpoint="https://feedback-classifier-7qmz4xk2ba-uc.a.run.app/pubsub/push" \
  --push-auth-service-account=pubsub-invoker@voc-analytics-prod.iam.gserviceaccount.com \
  --ack-deadline=120 \
  --min-retry-delay=10s --max-retry-delay=600s \
  --dead-letter-topic=feedback-received-dlq --max-delivery-attempts=10

#!/bin/sh
set -eu
gcloud pubsub subscriptions create dock-events-rebalancer \
  --project fernhill-bikes-prod \
  --topic dock-events \
  --ack-deadline 60 \
  --push-endpoint "https://dock-rebalancer-4xk2mq7zpa-nw.a.run.app/push/dock-events" \
  --push-auth-service-account "pubsub-push@fernhill-bikes-prod.iam.gserviceaccount.com" \
  --min-retry-delay 10s \
  --max-retry-delay 120s \
  --dead-letter-topic dock-events-dlq \
  --max-delivery-attempts 10

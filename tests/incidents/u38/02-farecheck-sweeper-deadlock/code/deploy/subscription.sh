#!/bin/sh
gcloud pubsub subscriptions create fare-disputes-triage \
  --project orrisway-payments --topic fare-disputes \
  --ack-deadline 60 --max-delivery-attempts 10 \
  --dead-letter-topic fare-disputes-dlq

#!/bin/sh
# One-off setup of the itinerary-notifier subscription (kept for reference).
set -eu
P=coppervane-ops
gcloud pubsub topics create itinerary-changes-dlq --project $P
gcloud pubsub subscriptions create itinerary-changes-dlq-hold --project $P \
  --topic itinerary-changes-dlq --message-retention-duration 7d
gcloud pubsub subscriptions create itinerary-notifier --project $P \
  --topic itinerary-changes --ack-deadline 60 \
  --dead-letter-topic itinerary-changes-dlq --max-delivery-attempts 5
# the Pub/Sub service agent must be able to publish to the DLQ and ack on the source
gcloud pubsub topics add-iam-policy-binding itinerary-changes-dlq --project $P \
  --member serviceAccount:service-481120937715@gcp-sa-pubsub.iam.gserviceaccount.com --role roles/pubsub.publisher
gcloud pubsub subscriptions add-iam-policy-binding itinerary-notifier --project $P \
  --member serviceAccount:service-481120937715@gcp-sa-pubsub.iam.gserviceaccount.com --role roles/pubsub.subscriber

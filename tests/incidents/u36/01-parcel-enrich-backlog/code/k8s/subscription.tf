resource "google_pubsub_subscription" "address_enricher" {
  name  = "address-enricher-sub"
  topic = google_pubsub_topic.parcel_created.id

  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.parcel_created_dlq.id
    max_delivery_attempts = 10
  }
}

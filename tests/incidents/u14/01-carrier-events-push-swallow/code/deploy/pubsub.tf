resource "google_pubsub_subscription" "carrier_events_tracking_ingest" {
  name  = "carrier-events-tracking-ingest"
  topic = google_pubsub_topic.carrier_events.id

  ack_deadline_seconds       = 30
  message_retention_duration = "604800s"

  push_config {
    push_endpoint = "${google_cloud_run_v2_service.tracking_ingest.uri}/pubsub/carrier-events"
    oidc_token {
      service_account_email = google_service_account.pubsub_push.email
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.carrier_events_dead_letter.id
    max_delivery_attempts = 10
  }

  labels = {
    team       = "tracking"
    managed-by = "terraform"
  }
}

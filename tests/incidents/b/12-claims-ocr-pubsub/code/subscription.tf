resource "google_pubsub_subscription" "claim_documents_ocr" {
  name  = "claim-documents-ocr"
  topic = google_pubsub_topic.claim_documents.id

  ack_deadline_seconds       = 30
  message_retention_duration = "604800s"

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.claim_documents_dlq.id
    max_delivery_attempts = 5
  }
}

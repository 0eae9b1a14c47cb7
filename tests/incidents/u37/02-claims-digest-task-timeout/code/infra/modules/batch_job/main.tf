resource "google_cloud_run_v2_job" "this" {
  name     = var.name
  project  = var.project
  location = var.region

  template {
    task_count  = 1
    parallelism = 1

    template {
      service_account = var.service_account
      max_retries     = var.max_retries
      timeout         = var.timeout

      containers {
        image = var.image
        resources {
          limits = {
            cpu    = var.cpu
            memory = var.memory
          }
        }
        dynamic "env" {
          for_each = var.env
          content {
            name  = env.key
            value = env.value
          }
        }
        dynamic "volume_mounts" {
          for_each = var.volumes
          content {
            name       = volume_mounts.key
            mount_path = volume_mounts.value.mount_path
          }
        }
      }

      dynamic "volumes" {
        for_each = var.volumes
        content {
          name = volumes.key
          gcs {
            bucket    = volumes.value.bucket
            read_only = volumes.value.read_only
          }
        }
      }
    }
  }
}

resource "google_cloud_scheduler_job" "trigger" {
  count    = var.schedule == null ? 0 : 1
  name     = "${var.name}-trigger"
  project  = var.project
  region   = var.region
  schedule = var.schedule

  http_target {
    http_method = "POST"
    uri         = "https://run.googleapis.com/v2/projects/${var.project}/locations/${var.region}/jobs/${var.name}:run"
    oauth_token {
      service_account_email = var.service_account
    }
  }
}

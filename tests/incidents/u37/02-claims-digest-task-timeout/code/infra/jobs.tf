# Batch jobs of the claims-ops project. `terraform apply` runs in Cloud Build on merge to main.

locals {
  project = "ambrook-claims-prod"
  region  = "europe-west2"
  sa      = "claims-batch@ambrook-claims-prod.iam.gserviceaccount.com"
  repo    = "europe-west2-docker.pkg.dev/ambrook-claims-prod/batch"

  jobs = {
    "claims-digest" = {
      image        = "${local.repo}/claims-digest:${var.claims_digest_tag}"
      schedule     = "0 2 * * *"
      memory       = "1Gi"
      # Volume doubled after the Hollins Mutual book transfer (CLOPS-1184):
      # the digest now takes ~40 min, give it an hour.
      task_timeout = "3600s"
      env = {
        DIGEST_MODEL          = "claude-haiku-4-5"
        DIGEST_CONCURRENCY    = "4"
        DIGEST_PROGRESS_EVERY = "50"
        NOTES_DIR             = "/mnt/exports/claim-notes"
        DIGEST_OUT_DIR        = "/mnt/digests"
      }
    }
    "fnol-reconcile" = {
      image    = "${local.repo}/fnol-reconcile:${var.fnol_reconcile_tag}"
      schedule = "30 3 * * *"
      timeout  = "1200s"
      env      = { RECONCILE_WINDOW_DAYS = "2" }
    }
    "policy-snapshot" = {
      image    = "${local.repo}/policy-snapshot:${var.policy_snapshot_tag}"
      schedule = "15 1 * * 1"
      env      = {}
    }
  }
}

module "batch_job" {
  source   = "./modules/batch_job"
  for_each = local.jobs

  name            = each.key
  project         = local.project
  region          = local.region
  image           = each.value.image
  service_account = local.sa
  schedule        = lookup(each.value, "schedule", null)
  memory          = lookup(each.value, "memory", "512Mi")
  timeout         = lookup(each.value, "timeout", "600s")
  max_retries     = lookup(each.value, "max_retries", 1)
  env             = each.value.env

  volumes = {
    exports = { bucket = "ambrook-claims-exports", mount_path = "/mnt/exports", read_only = true }
    digests = { bucket = "ambrook-claims-digests", mount_path = "/mnt/digests", read_only = false }
  }
}

variable "claims_digest_tag" { type = string }
variable "fnol_reconcile_tag" { type = string }
variable "policy_snapshot_tag" { type = string }

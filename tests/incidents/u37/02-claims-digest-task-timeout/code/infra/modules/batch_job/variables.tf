variable "name" { type = string }
variable "project" { type = string }
variable "region" { type = string }
variable "image" { type = string }
variable "service_account" { type = string }

variable "env" {
  type    = map(string)
  default = {}
}

variable "cpu" {
  type    = string
  default = "1"
}

variable "memory" {
  type    = string
  default = "512Mi"
}

variable "max_retries" {
  type    = number
  default = 1
}

variable "timeout" {
  description = "Per-task timeout as a duration string, e.g. \"3600s\"."
  type        = string
  default     = "600s"
}

variable "volumes" {
  description = "GCS buckets to mount: name => {bucket, mount_path, read_only}."
  type = map(object({
    bucket     = string
    mount_path = string
    read_only  = bool
  }))
  default = {}
}

variable "schedule" {
  description = "Cron schedule (UTC) for Cloud Scheduler, or null for no trigger."
  type        = string
  default     = null
}

import os

PROJECT = os.environ.get("GOOGLE_CLOUD_PROJECT", "brightpath-ml")
SUBSCRIPTION = os.environ.get("DOCSUM_SUBSCRIPTION", "docs-uploaded-docsum")
MODEL = os.environ.get("DOCSUM_MODEL", "claude-sonnet-4-6")
RESULTS_TOPIC = os.environ.get("DOCSUM_RESULTS_TOPIC", "docs-summarised")

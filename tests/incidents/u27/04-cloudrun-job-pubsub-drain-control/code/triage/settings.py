import os

PROJECT_ID = os.environ.get("GOOGLE_CLOUD_PROJECT", "helpdesk-prod")
SUBSCRIPTION = os.environ.get("TRIAGE_SUBSCRIPTION", "tickets-triage")
MODEL = os.environ.get("TRIAGE_MODEL", "claude-haiku-4-5")
# How long one run keeps the streaming pull open. Cloud Scheduler starts the job hourly;
# the task timeout (900 s) leaves room for the last in-flight messages.
DRAIN_SECONDS = float(os.environ.get("DRAIN_SECONDS", "420"))
MAX_IN_FLIGHT = int(os.environ.get("MAX_IN_FLIGHT", "8"))
RESULTS_COLLECTION = os.environ.get("RESULTS_COLLECTION", "ticket_triage")

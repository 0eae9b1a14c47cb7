import os

HELPDESK_URL = os.environ.get("HELPDESK_URL", "https://acme.zendesk.com")
HELPDESK_EMAIL = os.environ.get("HELPDESK_EMAIL", "triage-bot@acme.io")
HELPDESK_TOKEN = os.environ.get("HELPDESK_TOKEN", "")
TRIAGE_MODEL = os.environ.get("TRIAGE_MODEL", "claude-3-haiku-20240307")
MAX_TICKETS = int(os.environ.get("MAX_TICKETS", "2000"))
LOOKBACK_HOURS = int(os.environ.get("LOOKBACK_HOURS", "26"))
DRY_RUN = os.environ.get("DRY_RUN", "") == "1"

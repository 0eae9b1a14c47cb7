"""Configuration for the nightly support digest. Everything can be overridden per environment."""

import os

HELPDESK_URL = os.getenv("HELPDESK_URL", "https://harbourline.helpdesk-api.com/api/v2")
HELPDESK_TOKEN = os.getenv("HELPDESK_TOKEN", "")
MAIL_API_URL = os.getenv("MAIL_API_URL", "https://api.sendgrid.com/v3/mail/send")
MAIL_API_KEY = os.getenv("MAIL_API_KEY", "")
DIGEST_FROM = os.getenv("DIGEST_FROM", "support-digest@harbourline.io")
DIGEST_TO = [a.strip() for a in os.getenv("DIGEST_TO", "support-leads@harbourline.io").split(",") if a.strip()]

SUMMARY_MODEL = os.getenv("SUMMARY_MODEL", "claude-3-opus-20240229")
SUMMARY_MAX_TOKENS = int(os.getenv("SUMMARY_MAX_TOKENS", "1500"))
LOOKBACK_HOURS = int(os.getenv("LOOKBACK_HOURS", "24"))
MAX_TICKETS = int(os.getenv("MAX_TICKETS", "400"))

import os

REDIS_URL = os.environ["REDIS_URL"]
QUEUES = os.environ.get("RQ_QUEUES", "statements").split(",")
HEALTH_PORT = int(os.environ.get("HEALTH_PORT", "8080"))

PARTNER_BASE_URL = os.environ.get("PARTNER_BASE_URL", "https://api.partner-docs.example/v2")
PARTNER_TOKEN_URL = os.environ.get("PARTNER_TOKEN_URL", "https://auth.partner-docs.example/oauth2/token")
PARTNER_CLIENT_ID = os.environ.get("PARTNER_CLIENT_ID", "")
PARTNER_CLIENT_SECRET = os.environ.get("PARTNER_CLIENT_SECRET", "")

ARCHIVE_BUCKET = os.environ.get("ARCHIVE_BUCKET", "ledgerline-statements-archive")

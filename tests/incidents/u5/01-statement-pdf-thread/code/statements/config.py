import os


class Settings:
    bucket = os.environ.get("STATEMENTS_BUCKET", "ledgerline-statements-prod")
    billing_api = os.environ.get("BILLING_API_URL", "http://billing-api.internal")
    signed_url_ttl = int(os.environ.get("SIGNED_URL_TTL", "86400"))
    log_level = os.environ.get("LOG_LEVEL", "INFO")


settings = Settings()

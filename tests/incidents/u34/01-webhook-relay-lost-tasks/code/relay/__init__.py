"""payrelay: accepts payment-provider webhooks and forwards them to the ledger API."""
__version__ = "1.8.2"

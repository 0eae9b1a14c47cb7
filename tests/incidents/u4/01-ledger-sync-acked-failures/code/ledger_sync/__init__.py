"""Ledger sync job: applies settlement events from Pub/Sub to the ledger database."""

__version__ = "2.7.1"

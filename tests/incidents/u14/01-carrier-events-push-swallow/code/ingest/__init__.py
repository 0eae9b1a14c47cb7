"""Carrier tracking-event ingest (Pub/Sub push endpoint)."""

__version__ = "3.4.0"

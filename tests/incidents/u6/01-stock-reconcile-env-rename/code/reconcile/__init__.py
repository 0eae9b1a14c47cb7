"""Nightly stock reconciliation between the storefront and the warehouse ledger."""

__version__ = "2.7.0"

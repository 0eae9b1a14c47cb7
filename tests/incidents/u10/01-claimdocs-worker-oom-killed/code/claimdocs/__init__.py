"""Claim packet builder: turns a claim's scanned pages into one PDF for the adjusters."""

__version__ = "4.12.0"

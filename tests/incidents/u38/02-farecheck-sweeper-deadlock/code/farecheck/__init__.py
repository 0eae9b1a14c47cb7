"""farecheck - fare-dispute triage consumer (Orrisway Transit, payments platform)."""

__version__ = "1.12.0"

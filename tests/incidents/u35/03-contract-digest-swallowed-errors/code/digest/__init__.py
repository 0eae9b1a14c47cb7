"""contract-digest: nightly Cloud Run job that writes a Claude digest for each newly signed contract."""
__version__ = "1.9.3"

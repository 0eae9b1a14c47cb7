"""proofdesk: Claude-assisted copy-edit suggestions for Halvard Press manuscripts."""
__version__ = "1.9.2"

"""opsdoc: a doctor for background-job systems."""

__version__ = "0.1.0"

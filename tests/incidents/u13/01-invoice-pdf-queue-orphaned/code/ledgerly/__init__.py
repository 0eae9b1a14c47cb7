__version__ = "4.18.0"

"""copydesk: translates product copy for the storefront locales, off a Redis reliable queue."""
__version__ = "0.14.1"

"""Widgets, one module per area of the main screen."""

"""Monthly statement PDF service for the billing portal."""

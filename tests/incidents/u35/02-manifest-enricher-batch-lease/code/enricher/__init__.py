"""manifest-enricher: classifies shipment manifest lines (HS codes) and files customs declarations."""
__version__ = "2.12.0"

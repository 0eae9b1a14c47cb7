"""itinerary-digest - nightly pre-departure briefings (Velmora Travel)."""

__version__ = "2.8.0"

"""itinerary-notifier: drafts guest notices for itinerary changes (Coppervane Travel)."""

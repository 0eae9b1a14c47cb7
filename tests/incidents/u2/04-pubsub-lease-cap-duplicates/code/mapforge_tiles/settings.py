import os

PROJECT = os.environ.get("GOOGLE_CLOUD_PROJECT", "mapforge-prod")
SUBSCRIPTION = os.environ.get("TILE_SUBSCRIPTION", "tile-render-requests-vm")
OUTPUT_BUCKET = os.environ.get("TILE_OUTPUT_BUCKET", "mapforge-tiles-prod")
MAX_IN_FLIGHT = int(os.environ.get("TILE_MAX_IN_FLIGHT", "2"))
# a render that holds a lease longer than this is assumed stuck and given back to Pub/Sub
LEASE_CAP_SECONDS = int(os.environ.get("TILE_LEASE_CAP_SECONDS", "120"))

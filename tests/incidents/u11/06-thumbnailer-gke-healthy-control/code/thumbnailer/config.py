import os

PROJECT_ID = os.environ.get("GOOGLE_CLOUD_PROJECT", "orchard-media-prod")
SUBSCRIPTION = os.environ.get("SUBSCRIPTION", "asset-uploaded-thumbnailer")
MAX_MESSAGES = int(os.environ.get("MAX_MESSAGES", "50"))
WORKER_THREADS = int(os.environ.get("WORKER_THREADS", "12"))
SHUTDOWN_GRACE_S = float(os.environ.get("SHUTDOWN_GRACE_S", "40"))
BUCKET = os.environ.get("ASSET_BUCKET", "orchard-media-assets")
SIZES = tuple(int(s) for s in os.environ.get("THUMB_SIZES", "160,480,1280").split(","))

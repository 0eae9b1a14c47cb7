import os

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
THUMB_SIZES = [(160, 160), (480, 480), (1080, 1080)]
BUCKET = os.environ.get("MEDIA_BUCKET", "fernway-media")
THUMB_SECONDS = float(os.environ.get("THUMB_FAKE_SECONDS", "0"))

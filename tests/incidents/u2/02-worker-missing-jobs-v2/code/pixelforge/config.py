import os

REDIS_URL = os.getenv("PIXELFORGE_REDIS_URL", "redis://redis:6379/2")
MEDIA_ROOT = os.getenv("PIXELFORGE_MEDIA_ROOT", "/data/media")
THUMB_SIZES = [(1600, 1600), (800, 800), (320, 320)]

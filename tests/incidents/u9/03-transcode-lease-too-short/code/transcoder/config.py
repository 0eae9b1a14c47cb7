"""Settings from /etc/transcoder/env (EnvironmentFile of the systemd unit)."""

import os

PROJECT_ID = os.environ.get("GOOGLE_CLOUD_PROJECT", "clipforge-media")
SUBSCRIPTION = os.environ.get("TRANSCODE_SUBSCRIPTION", "transcode-requests-worker")
OUTPUT_BUCKET = os.environ.get("OUTPUT_BUCKET", "clipforge-renditions")
FFMPEG_BIN = os.environ.get("FFMPEG_BIN", "/usr/bin/ffmpeg")
WORK_DIR = os.environ.get("WORK_DIR", "/var/lib/transcoder")

# Transcodes are CPU heavy: never run more than two at once on an e2-standard-4.
MAX_IN_FLIGHT = int(os.environ.get("MAX_IN_FLIGHT", "2"))
# Give up the lease on a message we have held this long; Pub/Sub will hand it out again.
MAX_LEASE_SECONDS = int(os.environ.get("MAX_LEASE_SECONDS", "90"))

RENDITIONS = [
    # name, height, video bitrate
    ("1080p", 1080, "5000k"),
    ("720p", 720, "2800k"),
    ("480p", 480, "1200k"),
]

import os
import socket

REDIS_URL = os.environ.get("CLAIMDOCS_REDIS_URL", "redis://127.0.0.1:6379/0")
QUEUE_NAME = os.environ.get("CLAIMDOCS_QUEUE", "claim-packets")

# Where the scans live. "gs://bucket/prefix" in production, a local folder in dev.
SCAN_SOURCE = os.environ.get("CLAIMDOCS_SCAN_SOURCE", "./scans")
PACKET_SINK = os.environ.get("CLAIMDOCS_PACKET_SINK", "./packets")

# The status file is read by the monitoring agent's file check.
STATUS_PATH = os.environ.get("CLAIMDOCS_STATUS_PATH", "/var/run/claimdocs/status.json")
STATUS_INTERVAL_S = int(os.environ.get("CLAIMDOCS_STATUS_INTERVAL_S", "15"))

# PDF rendering resolution. Adjusters asked for 300 dpi in 2025 (ticket CLM-OPS-311).
RENDER_DPI = int(os.environ.get("CLAIMDOCS_RENDER_DPI", "300"))

HOSTNAME = socket.gethostname()

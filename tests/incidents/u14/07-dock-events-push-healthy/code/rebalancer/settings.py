import os

ROUTING_URL = os.environ.get("ROUTING_URL", "http://localhost:8090")
ROUTING_TIMEOUT_S = float(os.environ.get("ROUTING_TIMEOUT_S", "5"))
LOW_WATER = float(os.environ.get("LOW_WATER", "0.15"))
HIGH_WATER = float(os.environ.get("HIGH_WATER", "0.85"))
TASKS_TOPIC = os.environ.get("TASKS_TOPIC", "")

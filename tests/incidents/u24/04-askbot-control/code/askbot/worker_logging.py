"""Imported by the worker unit (rq -c askbot.worker_logging) to get library logs."""
import logging

logging.getLogger("anthropic").setLevel(logging.INFO)
logging.getLogger("askbot").setLevel(logging.INFO)
_h = logging.StreamHandler()
_h.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
for name in ("anthropic", "askbot"):
    lg = logging.getLogger(name)
    lg.addHandler(_h)
    lg.propagate = False

REDIS_URL = __import__("os").environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
QUEUES = ["askbot"]

import logging
import os
from logging.handlers import RotatingFileHandler

LOG_DIR = os.environ.get("QUAYSIDE_LOG_DIR", "/var/log/quayside")
LOG_LEVEL = os.environ.get("QUAYSIDE_LOG_LEVEL", "INFO")


def configure_logging() -> None:
    os.makedirs(LOG_DIR, exist_ok=True)
    handler = RotatingFileHandler(os.path.join(LOG_DIR, "app.log"),
                                  maxBytes=20 * 1024 * 1024, backupCount=5)
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(LOG_LEVEL)
    logging.getLogger("quart.app").propagate = True

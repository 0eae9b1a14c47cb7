import logging
from logging.handlers import RotatingFileHandler


def configure_logging() -> None:
    handler = RotatingFileHandler("/tmp/capi-demo.log", maxBytes=10_000_000, backupCount=3)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)

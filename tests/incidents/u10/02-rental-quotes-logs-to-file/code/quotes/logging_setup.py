"""Log setup shared with the old VM deployment (logrotate picked the files up there)."""

import logging
import os
from logging.handlers import RotatingFileHandler

from flask import Flask

FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"


def configure_logging(app: Flask) -> None:
    os.makedirs(app.config["LOG_DIR"], exist_ok=True)
    handler = RotatingFileHandler(
        os.path.join(app.config["LOG_DIR"], "quotes.log"),
        maxBytes=20 * 1024 * 1024,
        backupCount=5,
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    level = getattr(logging, app.config["LOG_LEVEL"].upper(), logging.INFO)

    for name in (app.name, "quotes"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.addHandler(handler)
        logger.setLevel(level)
        # keep request noise out of the waitress output
        logger.propagate = False

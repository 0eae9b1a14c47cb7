import logging

from google.cloud.logging_v2.handlers import StructuredLogHandler


def setup() -> None:
    root = logging.getLogger()
    root.handlers[:] = [StructuredLogHandler()]
    root.setLevel(logging.INFO)
    logging.getLogger("httpx2").setLevel(logging.WARNING)

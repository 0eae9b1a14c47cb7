import logging
import os

from . import logconf
from .consumer import LabelConsumer


def main() -> None:
    logconf.setup()
    project = os.environ["GOOGLE_CLOUD_PROJECT"]
    subscription = os.environ.get("LABEL_SUBSCRIPTION", "orders-paid-labels")
    consumer = LabelConsumer(project, subscription,
                             health_interval=int(os.environ.get("HEALTH_INTERVAL", "300")))
    logging.getLogger("labelq").info("label-print-consumer starting, subscription=%s", subscription)
    try:
        consumer.start()
    finally:
        consumer.stop()


if __name__ == "__main__":
    main()

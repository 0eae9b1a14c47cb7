import asyncio
import logging
import sys

from . import __version__
from .config import load
from .worker import Worker


def main() -> None:
    logging.basicConfig(
        stream=sys.stdout,
        level=logging.INFO,
        format="%(levelname)s [%(threadName)s] %(name)s: %(message)s",
    )
    logging.getLogger("urllib3").setLevel(logging.WARNING)
    settings = load()
    logging.getLogger("invoice_sync").info("invoice-sync %s starting", __version__)
    asyncio.run(Worker(settings).run())


if __name__ == "__main__":
    main()

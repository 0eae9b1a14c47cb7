import asyncio
import logging
import sys

from .config import Config
from .worker import Worker


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx2").setLevel(logging.WARNING)
    return asyncio.run(Worker(Config.from_env()).run())


if __name__ == "__main__":
    sys.exit(main())

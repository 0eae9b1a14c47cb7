import asyncio
import logging

from .app import Bridge
from .config import Config


def main():
    config = Config()
    logging.basicConfig(
        level=config.log_level,
        format="%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    asyncio.run(Bridge(config).run())


if __name__ == "__main__":
    main()

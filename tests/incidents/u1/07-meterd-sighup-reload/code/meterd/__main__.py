import argparse
import asyncio
import logging
import sys

from .daemon import Daemon


def main() -> None:
    p = argparse.ArgumentParser(prog="meterd")
    p.add_argument("-c", "--config", default="/etc/meterd/meterd.toml")
    args = p.parse_args()
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO,
        format="%(threadName)s %(levelname)s %(name)s: %(message)s",
    )
    asyncio.run(Daemon(args.config).run())


if __name__ == "__main__":
    main()

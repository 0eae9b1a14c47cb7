import asyncio
import logging
import os
from pathlib import Path

from .daemon import RulesDaemon

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(threadName)s %(name)s: %(message)s")


def main() -> None:
    daemon = RulesDaemon(
        rules_path=Path(os.environ.get("RULES_PATH", "/etc/rulesd/rules.json")),
        status_path=Path(os.environ.get("STATUS_PATH", "/run/rulesd/status.json")),
        redis_url=os.environ.get("REDIS_URL", "redis://localhost:6379/2"),
        interval=int(os.environ.get("STATUS_INTERVAL", "30")),
        pushgateway=os.environ.get("PUSHGATEWAY_URL", "http://localhost:9091"),
    )
    asyncio.run(daemon.run())


if __name__ == "__main__":
    main()

import logging
import sys

from .classify import Classifier
from .config import Config
from .sink import BigQuerySink
from .worker import run


def main() -> int:
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stdout,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    cfg = Config()
    return run(cfg, Classifier(cfg.model), BigQuerySink(cfg.table))


if __name__ == "__main__":
    sys.exit(main())

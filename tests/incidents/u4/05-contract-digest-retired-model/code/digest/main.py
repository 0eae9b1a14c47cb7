import datetime as dt
import json
import logging
import os
import sys

from . import __version__, logging_setup
from .llm import Summariser
from .storage import Store

logging_setup.configure(os.environ.get("LOG_LEVEL", "INFO"))
log = logging.getLogger("digest")


def run() -> int:
    run_date = os.environ.get("RUN_DATE") or (dt.date.today() - dt.timedelta(days=1)).isoformat()
    store = Store(os.environ.get("DOCS_URI", "gs://harbourline-contracts"))
    summariser = Summariser()
    names = store.list(f"inbox/{run_date}")
    log.info("contract-digest %s starting", __version__,
             extra={"run_date": run_date, "documents": len(names), "model": summariser.model})

    done = 0
    for name in names:
        text = store.read(f"inbox/{run_date}", name)
        summary = summariser.summarise(name, text)
        store.write(f"digests/{run_date}", name.replace(".txt", ".json"),
                    json.dumps({"document": name, "summary": summary}))
        done += 1
        log.info("summarised %s", name, extra={"document": name, "chars": len(text)})

    log.info("contract-digest finished", extra={"run_date": run_date, "summarised": done})
    return 0


def main() -> None:
    try:
        sys.exit(run())
    except Exception as exc:
        log.exception("contract-digest failed: %s", exc)
        sys.exit(1)


if __name__ == "__main__":
    main()

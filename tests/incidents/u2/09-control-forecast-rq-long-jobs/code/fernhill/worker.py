"""Entry point of the forecast worker container: `python -m fernhill.worker`."""
import os
import sys

from rq.cli import main

from .logsetup import configure

if __name__ == "__main__":
    configure()
    sys.argv = ["rq", "worker", "--url", os.environ["REDIS_URL"],
                "--name", os.environ.get("HOSTNAME", "forecast"), "forecasts"]
    main()

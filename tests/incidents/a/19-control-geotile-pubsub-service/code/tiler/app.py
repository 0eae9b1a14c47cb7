import logging
import sys

from flask import Flask

from . import consumer

logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")

app = Flask(__name__)
_future = consumer.start()


@app.get("/healthz")
def healthz():
    if _future.done():
        return {"ok": False, "error": str(_future.exception())}, 503
    return {"ok": True}

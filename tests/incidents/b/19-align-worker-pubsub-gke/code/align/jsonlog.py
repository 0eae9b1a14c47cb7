import json
import logging
import sys
import time


class Json(logging.Formatter):
    def format(self, r):
        d = {"time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(r.created)) + f".{int(r.msecs):03d}Z",
             "level": r.levelname, "logger": r.name, "msg": r.getMessage()}
        d.update(getattr(r, "ctx", {}))
        return json.dumps(d)


def setup():
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(Json())
    logging.basicConfig(level=logging.INFO, handlers=[h], force=True)

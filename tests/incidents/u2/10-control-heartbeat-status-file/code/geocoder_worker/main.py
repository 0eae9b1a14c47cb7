import json
import logging
import signal
import time

import redis

from . import config
from .geocode import geocode
from .status import StatusFile

logging.basicConfig(level=logging.INFO, format='{"time":"%(asctime)s","level":"%(levelname)s","logger":"%(name)s","msg":%(message)s}')
log = logging.getLogger("geocoder")


def _j(**kw) -> str:
    return json.dumps(kw)


def main() -> None:
    r = redis.Redis.from_url(config.REDIS_URL, decode_responses=True, socket_timeout=30,
                             health_check_interval=30)
    status = StatusFile(config.STATUS_PATH, config.HEARTBEAT_PERIOD_S)
    status.start()
    running = True

    def _term(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, _term)
    log.info(_j(event="started", queue=config.QUEUE_KEY, period_s=config.HEARTBEAT_PERIOD_S))
    while running:
        item = r.brpop(config.QUEUE_KEY, timeout=5)
        if item is None:
            status.update(current=None)
            continue
        job = json.loads(item[1])
        status.update(current=job["id"])
        t0 = time.monotonic()
        try:
            point = geocode(job["address"])
        except Exception as exc:
            status.update(failed=1, current=None)
            log.warning(_j(event="geocode_retry", id=job["id"], err=str(exc)))
            r.lpush(config.QUEUE_KEY, item[1])
            time.sleep(1)
            continue
        r.hset(config.DONE_KEY, job["id"], json.dumps(point))
        status.update(processed=1, current=None)
        log.info(_j(event="geocoded", id=job["id"], found=point is not None,
                    duration_ms=round((time.monotonic() - t0) * 1000, 1), backlog=r.llen(config.QUEUE_KEY)))
    status.stop()
    log.info(_j(event="stopped"))


if __name__ == "__main__":
    main()

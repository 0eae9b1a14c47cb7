import functools
import logging
import time

log = logging.getLogger("clipforge.retry")


def with_retries(attempts: int = 3, backoff: float = 5.0):
    """Retry flaky steps (storage hiccups, ffmpeg segfaults on odd inputs)."""

    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for attempt in range(1, attempts + 1):
                try:
                    return fn(*args, **kwargs)
                except Exception as exc:
                    if attempt == attempts:
                        raise
                    log.warning("%s attempt %d/%d failed: %s", fn.__name__, attempt, attempts, exc)
                    time.sleep(backoff * attempt)
        return wrapper

    return deco

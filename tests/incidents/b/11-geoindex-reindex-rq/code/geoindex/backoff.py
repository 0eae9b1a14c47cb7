"""Small retry utility shared by the HTTP clients (kept dependency-free on purpose)."""
import functools
import logging
import random
import time

log = logging.getLogger("geoindex.backoff")


def with_backoff(attempts: int = 8, base: float = 1.5, cap: float = 60.0):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for attempt in range(1, attempts + 1):
                try:
                    return fn(*args, **kwargs)
                except Exception as exc:
                    if attempt == attempts:
                        raise
                    delay = min(cap, base * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)
                    log.warning("%s attempt %d/%d failed: %s; sleeping %.1fs", fn.__name__, attempt, attempts, exc, delay)
                    time.sleep(delay)
        return wrapper
    return decorate

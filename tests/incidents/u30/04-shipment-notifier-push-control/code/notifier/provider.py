import logging
import random
import time

import requests

log = logging.getLogger(__name__)


class RateLimited(Exception):
    pass


class NotifyClient:
    """Thin client for the SMS/e-mail provider's REST API."""

    def __init__(self, base_url: str, api_key: str, timeout: float = 10.0, max_attempts: int = 4):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key}"
        self.timeout = timeout
        self.max_attempts = max_attempts

    def send(self, channel: str, to: str, template: str, params: dict, idempotency_key: str) -> str:
        body = {"channel": channel, "to": to, "template": template, "params": params}
        for attempt in range(1, self.max_attempts + 1):
            r = self.session.post(
                f"{self.base_url}/v2/messages",
                json=body,
                headers={"Idempotency-Key": idempotency_key},
                timeout=self.timeout,
            )
            if r.status_code == 429 and attempt < self.max_attempts:
                delay = float(r.headers.get("Retry-After", 0)) or min(8.0, 0.5 * 2 ** attempt)
                delay += random.uniform(0, 0.25)
                log.warning("provider rate limited (429), retrying in %.2fs (attempt %d/%d)",
                            delay, attempt, self.max_attempts)
                time.sleep(delay)
                continue
            r.raise_for_status()
            return r.json()["id"]
        raise RateLimited("provider still rate limiting after %d attempts" % self.max_attempts)

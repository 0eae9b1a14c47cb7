import json
import logging
import os

import aiohttp

log = logging.getLogger("classifier.store")


class ResultStore:
    """Writes results to the feedback API (internal, behind IAP)."""

    def __init__(self):
        self._url = os.environ.get("FEEDBACK_API", "http://127.0.0.1:9000")
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))

    async def save(self, feedback_id: str, result: dict) -> None:
        async with self._session.put(f"{self._url}/feedback/{feedback_id}/label",
                                     data=json.dumps(result),
                                     headers={"Content-Type": "application/json"}) as resp:
            resp.raise_for_status()

    async def close(self) -> None:
        await self._session.close()

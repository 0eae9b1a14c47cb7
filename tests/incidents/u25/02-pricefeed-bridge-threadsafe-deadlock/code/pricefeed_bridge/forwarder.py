import logging

import httpx

log = logging.getLogger(__name__)


class PartnerForwarder:
    def __init__(self, url, token, timeout=10.0):
        self._url = url
        self._client = httpx.AsyncClient(
            timeout=timeout,
            headers={"Authorization": f"Bearer {token}"} if token else {},
        )

    async def send(self, update):
        resp = await self._client.post(self._url, json=update)
        if resp.status_code >= 500:
            log.warning("partner returned %s for %s, retrying once", resp.status_code, update["symbol"])
            resp = await self._client.post(self._url, json=update)
        resp.raise_for_status()

    async def aclose(self):
        await self._client.aclose()

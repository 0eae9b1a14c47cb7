import asyncio
import json

import httpx
import pytest

from pricefeed_bridge.forwarder import PartnerForwarder


@pytest.mark.asyncio
async def test_retries_once_on_5xx():
    calls = []

    def handler(request):
        calls.append(json.loads(request.content))
        return httpx.Response(503 if len(calls) == 1 else 204)

    fw = PartnerForwarder("http://partner.test/v1/prices", "t")
    fw._client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    await fw.send({"symbol": "EURUSD", "bid": 1.05})
    assert len(calls) == 2
    await fw.aclose()

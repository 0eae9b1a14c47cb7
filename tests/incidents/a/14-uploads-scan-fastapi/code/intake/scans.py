import asyncio
import logging
import weakref

import httpx

from .config import PUBLIC_URL, SCANNER_URL

log = logging.getLogger("intake.scans")


class ScanWaiter:
    def __init__(self, scan_id: str):
        self.scan_id = scan_id
        self.event = asyncio.Event()
        self.verdict: str | None = None


_waiters: "weakref.WeakValueDictionary[str, ScanWaiter]" = weakref.WeakValueDictionary()


async def submit(upload_id: str, blob_path: str) -> ScanWaiter:
    async with httpx.AsyncClient(timeout=10) as client:
        r = await client.post(f"{SCANNER_URL}/scans", json={
            "object": blob_path,
            "callback": f"{PUBLIC_URL}/callbacks/scan",
            "reference": upload_id,
        })
        r.raise_for_status()
    waiter = ScanWaiter(r.json()["scan_id"])
    _waiters[waiter.scan_id] = waiter
    return waiter


def resolve(scan_id: str, verdict: str) -> bool:
    waiter = _waiters.get(scan_id)
    if waiter is None:
        return False
    waiter.verdict = verdict
    waiter.event.set()
    return True

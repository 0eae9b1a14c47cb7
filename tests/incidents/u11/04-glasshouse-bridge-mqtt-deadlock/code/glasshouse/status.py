from __future__ import annotations

import asyncio
import json
import logging
import os
from pathlib import Path

from .bridge import Bridge

log = logging.getLogger("glasshouse.status")


def write_atomic(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    os.replace(tmp, path)


async def status_writer(bridge: Bridge) -> None:
    path = Path(bridge.cfg.status_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        write_atomic(path, await bridge.snapshot())
        await asyncio.sleep(bridge.cfg.status_period_s)

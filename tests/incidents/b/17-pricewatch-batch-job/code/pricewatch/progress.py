import json
import time
from pathlib import Path

PROGRESS = Path("/tmp/pricewatch-progress.json")


async def mark(done: int, total: int) -> None:
    PROGRESS.write_text(json.dumps({"done": done, "total": total, "at": time.time()}))

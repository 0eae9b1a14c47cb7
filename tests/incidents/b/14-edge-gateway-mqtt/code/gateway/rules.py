import logging

from . import storage
from .loop import run_sync

log = logging.getLogger("gateway.rules")
_RULES: dict[tuple[str, str], float] = {}


def reload_rules() -> int:
    rows = run_sync(storage.device_rules())
    _RULES.clear()
    for r in rows:
        _RULES[(r["device_id"], r["metric"])] = r["max_value"]
    return len(_RULES)


def breached(device_id: str, metric: str, value: float) -> bool:
    limit = _RULES.get((device_id, metric))
    return limit is not None and value > limit

"""Reading nested JSON/YAML values without trusting their shape."""

from __future__ import annotations

from typing import Any


def dig(data: Any, *keys: str) -> Any:
    """``data[k1][k2]...``, or None as soon as a level is missing or not a mapping:
    exports and manifests come from users and tools, never with a guaranteed shape."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data

"""Process-level settings shared by gunicorn.conf.py and the app, so that the
server config cannot drift from Django settings."""
from __future__ import annotations

import multiprocessing
import os

_GRACE_S = 5


def _django_setting(name: str, default):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memoforge.settings")
    try:
        from django.conf import settings
        return getattr(settings, name, default)
    except Exception:  # settings not importable (e.g. collectstatic stage)
        return default


def request_budget_seconds() -> int:
    return int(_django_setting("MEMOFORGE_REQUEST_BUDGET_S", 25))


def worker_timeout_seconds() -> int:
    # budget plus a little grace for the response to be written
    return request_budget_seconds() + _GRACE_S


def worker_count() -> int:
    return int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2)))

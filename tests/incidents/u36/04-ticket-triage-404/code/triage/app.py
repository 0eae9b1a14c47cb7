import asyncio
import logging

import aiohttp
from aiohttp import web
from anthropic import AsyncAnthropic
from redis import asyncio as aioredis

from triage import __version__, settings as settings_mod
from triage.handlers import routes
from triage.helpdesk import HelpdeskClient
from triage.worker import triage_worker

log = logging.getLogger("triage")


async def _startup(app: web.Application) -> None:
    s = app["settings"]
    app["anthropic"] = AsyncAnthropic(api_key=s.anthropic_api_key, max_retries=3, timeout=60.0)
    app["http"] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20))
    app["helpdesk"] = HelpdeskClient(app["http"], s.helpdesk_url, s.helpdesk_token)
    app["redis"] = aioredis.from_url(s.redis_url)
    app["workers"] = [asyncio.create_task(triage_worker(app, i), name=f"triage-{i}") for i in range(s.triage_workers)]
    log.info("triage %s up: model=%s draft_model=%s workers=%d", __version__, s.triage_model, s.draft_model, s.triage_workers)


async def _cleanup(app: web.Application) -> None:
    for task in app["workers"]:
        task.cancel()
    await asyncio.gather(*app["workers"], return_exceptions=True)
    await app["http"].close()
    await app["redis"].aclose()
    await app["anthropic"].close()


def create_app() -> web.Application:
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app["settings"] = settings_mod.load()
    app["queue"] = asyncio.Queue(maxsize=1000)
    app["stats"] = {"triaged": 0, "failed": 0}
    app.add_routes(routes)
    app.on_startup.append(_startup)
    app.on_cleanup.append(_cleanup)
    return app

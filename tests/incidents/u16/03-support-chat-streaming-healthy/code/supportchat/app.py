import asyncio
import json
import logging
import time
import uuid

from aiohttp import web
from anthropic import AsyncAnthropic, APIError

from . import logs
from .settings import Settings
from .transcripts import TranscriptStore

log = logging.getLogger("supportchat")

SYSTEM = (
    "You are Tandem Cloud's support assistant. Answer questions about accounts, billing and the "
    "Tandem desktop app. Be brief and concrete. If you are unsure, offer to hand over to a human agent."
)


async def chat_stream(request: web.Request) -> web.StreamResponse:
    app = request.app
    body = await request.json()
    question = (body.get("message") or "").strip()
    if not question:
        raise web.HTTPBadRequest(text="message is required")
    conversation_id = body.get("conversation_id") or uuid.uuid4().hex
    history = body.get("history", [])[-10:]
    extra = {"conversation_id": conversation_id}

    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    await resp.prepare(request)
    started = time.monotonic()
    parts = []
    try:
        async with app["anthropic"].messages.stream(
            model=app["settings"].model,
            max_tokens=app["settings"].max_tokens,
            system=SYSTEM,
            messages=[*history, {"role": "user", "content": question}],
        ) as stream:
            async for text in stream.text_stream:
                parts.append(text)
                await resp.write(f"data: {json.dumps({'delta': text})}\n\n".encode())
            final = await stream.get_final_message()
    except ConnectionResetError:
        log.warning("client went away mid-stream", extra={**extra, "duration_ms": round((time.monotonic() - started) * 1000)})
        return resp
    except APIError as exc:
        log.error("anthropic error: %s", exc, extra=extra)
        await resp.write(b'data: {"error": "The assistant is unavailable right now. Please try again."}\n\n')
        await resp.write_eof()
        return resp

    usage = {"input_tokens": final.usage.input_tokens, "output_tokens": final.usage.output_tokens}
    await resp.write(f"data: {json.dumps({'done': True, 'conversation_id': conversation_id})}\n\n".encode())
    await resp.write_eof()
    log.info(
        "answer streamed",
        extra={**extra, **usage, "stop_reason": final.stop_reason, "duration_ms": round((time.monotonic() - started) * 1000)},
    )
    spawn(app, app["transcripts"].save(conversation_id, question, "".join(parts), usage))
    return resp


def spawn(app: web.Application, coro) -> asyncio.Task:
    task = asyncio.create_task(coro)
    app["background"].add(task)
    task.add_done_callback(app["background"].discard)
    task.add_done_callback(_report_failure)
    return task


def _report_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("background task failed", exc_info=task.exception())


async def healthz(request):
    return web.json_response({"ok": True})


async def on_startup(app):
    app["anthropic"] = AsyncAnthropic(max_retries=4)
    pool = None
    if app["settings"].database_url:
        import asyncpg

        pool = await asyncpg.create_pool(app["settings"].database_url, min_size=1, max_size=5)
    app["pool"] = pool
    app["transcripts"] = TranscriptStore(pool)
    log.info("supportchat ready", extra={})


async def on_cleanup(app):
    if app["background"]:
        await asyncio.wait(app["background"], timeout=8)
    await app["anthropic"].close()
    if app["pool"] is not None:
        await app["pool"].close()


def create_app(settings: Settings | None = None) -> web.Application:
    settings = settings or Settings()
    logs.configure(settings.log_level)
    app = web.Application()
    app["settings"] = settings
    app["background"] = set()
    app.router.add_post("/v1/chat/stream", chat_stream)
    app.router.add_get("/healthz", healthz)
    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app


async def app_factory():
    return create_app()

"""Code shapes the facts must see through: callbacks made by factories, helpers reached
through an imported module, aiohttp's route tables; each beside a near miss."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

from opsdoc.evidence import CodeSite
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource


def facts(root: Path, files: dict[str, str], kind: str) -> list[CodeSite]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(root), deadline_s=30)
    records = CodeSource(str(root)).collect(ctx).records
    return [r for r in records if isinstance(r, CodeSite) and r.kind == kind]


# -- Pub/Sub callbacks made, not named ---------------------------------------------------------

HANDLERS = """
import logging

log = logging.getLogger(__name__)


def apply(event): ...


def make_callback(db):
    def callback(message):
        try:
            apply(message.data)
        except Exception:
            log.exception("could not apply %s", message.message_id)
        message.ack()

    return callback


def handle(message, db):
    try:
        apply(message.data)
    except Exception:
        log.exception("could not apply %s", message.message_id)
    message.ack()
"""


def subscriber(callback: str) -> str:
    return f"""
    import functools
    from google.cloud import pubsub_v1
    from .handlers import handle, make_callback

    def run(db):
        client = pubsub_v1.SubscriberClient()
        future = client.subscribe("projects/p/subscriptions/s", callback={callback})
        future.result(timeout=600)
    """


def swallowed(tmp_path: Path, callback: str) -> list[tuple[str, str]]:
    files = {"ledger/__init__.py": "", "ledger/handlers.py": HANDLERS}
    files["ledger/main.py"] = subscriber(callback)
    sites = facts(tmp_path, files, "swallowed-exception")
    return [(s.where, s.function) for s in sites]


def test_a_callback_returned_by_a_factory_is_job_code(tmp_path: Path) -> None:
    assert swallowed(tmp_path, "make_callback(db)") == [
        ("ledger/handlers.py:14", "make_callback.callback")
    ]


def test_a_partial_and_a_lambda_are_followed_to_the_function(tmp_path: Path) -> None:
    assert swallowed(tmp_path, "functools.partial(handle, db=db)") == [
        ("ledger/handlers.py:24", "handle")
    ]
    assert swallowed(tmp_path / "l", "lambda m: handle(m, db)") == [
        ("ledger/handlers.py:24", "handle")
    ]


def test_a_factory_returning_something_else_is_not_followed(tmp_path: Path) -> None:
    """``make_callback`` must return its nested def; a factory returning a library
    object (here: a name bound to something else) gives no entry."""
    other = HANDLERS.replace("    return callback", "    return print")
    files = {"ledger/__init__.py": "", "ledger/handlers.py": other}
    files["ledger/main.py"] = subscriber("make_callback(db)")
    assert facts(tmp_path, files, "swallowed-exception") == []


# -- blocking helpers reached through an imported module ------------------------------------------

LLM = """
import anthropic

_client = anthropic.Anthropic()


def summarise(text):
    return _client.messages.create(model="claude-sonnet-4-6", max_tokens=512, messages=[])


async def summarise_async(text):
    return text
"""

VIEWS = """
from aiohttp import web

from notes import llm

routes = web.RouteTableDef()


@routes.post("/api/notes/{note_id}/summary")
async def summary(request):
    text = llm.summarise(await request.text())
    return web.json_response({"summary": text})


@routes.route("PUT", "/api/notes/{note_id}/draft")
async def draft(request):
    return web.json_response({"draft": await llm.summarise_async("x")})


async def health(request):
    return web.json_response({"ok": True})


def setup(app):
    app.router.add_get("/healthz", health)
    app.add_routes([web.get("/ready", health)])
"""


def test_a_helper_called_through_its_module_blocks_the_loop(tmp_path: Path) -> None:
    files = {"notes/__init__.py": "", "notes/llm.py": LLM, "notes/views.py": VIEWS}
    sites = facts(tmp_path, files, "blocking-in-async")
    assert [(s.where, s.function, s.attr("call"), s.attr("cost")) for s in sites] == [
        (
            "notes/views.py:11",
            "summary",
            "llm.summarise (_client.messages.create at notes/llm.py:8)",
            "sdk",
        )
    ]


def test_aiohttp_routes_by_decorator_and_by_registration(tmp_path: Path) -> None:
    files = {"notes/__init__.py": "", "notes/llm.py": LLM, "notes/views.py": VIEWS}
    handlers = facts(tmp_path, files, "http-handler")
    assert sorted(
        (s.function, s.attr("method"), s.attr("route"), s.attr("is_async")) for s in handlers
    ) == [
        ("draft", "PUT", "/api/notes/{note_id}/draft", "true"),
        ("health", "GET", "/healthz,/ready", "true"),
        ("summary", "POST", "/api/notes/{note_id}/summary", "true"),
    ]


def test_route_calls_outside_aiohttp_are_not_routes(tmp_path: Path) -> None:
    """``add_get`` and ``.get("/x", f)`` on objects of a module that does not use aiohttp."""
    files = {
        "cache/__init__.py": "",
        "cache/store.py": """
        def loader(key):
            return key


        def warm(cache):
            cache.add_get("/prefix", loader)
            cache.get("/prefix", loader)
        """,
    }
    assert facts(tmp_path, files, "http-handler") == []

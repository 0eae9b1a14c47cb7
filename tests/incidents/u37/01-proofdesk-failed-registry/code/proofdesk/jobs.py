"""RQ job functions. Enqueued by proofdesk.enqueue, run by proofd@N.service."""
from __future__ import annotations

import json
import logging
import os
import time

from . import llm
from .manuscript import ContextWindow, ManuscriptStore
from .settings import get_settings

log = logging.getLogger("proofdesk.jobs")

_store: ManuscriptStore | None = None


def store() -> ManuscriptStore:
    global _store
    if _store is None:
        _store = ManuscriptStore(get_settings().manuscript_root)
    return _store


def _write_suggestions(book_id: str, number: int, items: list[dict]) -> str:
    out_dir = os.path.join(get_settings().suggestions_root, book_id)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"ch{number:03d}.json")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"book_id": book_id, "chapter": number, "generated_at": time.time(), "items": items}, fh)
    os.replace(tmp, path)
    return path


def copyedit_chapter(book_id: str, number: int) -> dict:
    cfg = get_settings()
    book = store().load(book_id)
    chapter = book.chapter(number)
    window = ContextWindow(book, cfg.context_neighbours)
    context = window.render(number)
    log.info("book=%s chapter=%d words=%d context_chapters=%d context_chars=%d",
             book_id, number, chapter.words, len(window.around(number)), len(context))
    items = llm.suggest_edits(book.style_sheet, context, chapter.title, chapter.text)
    path = _write_suggestions(book_id, number, items)
    log.info("book=%s chapter=%d suggestions=%d written=%s", book_id, number, len(items), path)
    return {"book_id": book_id, "chapter": number, "suggestions": len(items)}

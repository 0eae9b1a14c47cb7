import logging

from .llm import summarize_long_sync

log = logging.getLogger(__name__)


def summarize_document(doc_id: str, text: str, style: str) -> dict:
    summary = summarize_long_sync(text, style)
    log.info("doc %s: %d chars -> %d chars", doc_id, len(text), len(summary))
    return {"doc_id": doc_id, "summary": summary}

import logging
from datetime import datetime, timezone

from google.cloud import firestore

from .config import settings

log = logging.getLogger("app.audit")
_db: firestore.Client | None = None


def _client() -> firestore.Client:
    global _db
    if _db is None:
        _db = firestore.Client()
    return _db


def write_draft_audit(request_id: str, caller: str, ticket_id: str, model: str,
                      input_tokens: int, output_tokens: int, prompt_chars: int) -> None:
    doc = {
        "request_id": request_id,
        "caller": caller,
        "ticket_id": ticket_id,
        "model": model,
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "prompt_chars": prompt_chars,
        "created_at": datetime.now(timezone.utc),
    }
    try:
        _client().collection(settings.audit_collection).document(request_id).set(doc)
    except Exception:
        log.exception("audit write failed", extra={"request_id": request_id, "ticket_id": ticket_id})
        raise
    log.info("audit record written", extra={"request_id": request_id, "ticket_id": ticket_id})

from google.cloud import firestore

from summarizer.config import get_settings

_db: firestore.AsyncClient | None = None


def db() -> firestore.AsyncClient:
    global _db
    if _db is None:
        _db = firestore.AsyncClient()
    return _db


async def save_summary(ticket_id: str, summary: str, model: str, message_id: str) -> None:
    doc = db().collection(get_settings().firestore_collection).document(ticket_id)
    await doc.set(
        {"summary": summary, "model": model, "pubsub_message_id": message_id, "updated_at": firestore.SERVER_TIMESTAMP},
        merge=True,
    )

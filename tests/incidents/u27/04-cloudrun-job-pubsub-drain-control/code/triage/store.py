from google.cloud import firestore

from triage import settings

_db = None


def save(ticket_id: str, result: dict) -> None:
    global _db
    if _db is None:
        _db = firestore.Client(project=settings.PROJECT_ID)
    _db.collection(settings.RESULTS_COLLECTION).document(ticket_id).set(
        {**result, "model": settings.MODEL, "triaged_at": firestore.SERVER_TIMESTAMP}
    )

from datetime import datetime, timezone

from google.cloud import firestore

from app import config

_db = None


def db() -> firestore.Client:
    global _db
    if _db is None:
        _db = firestore.Client(project=config.PROJECT_ID)
    return _db


def _doc(transcript_id: str):
    return db().collection(config.COLLECTION).document(transcript_id)


def create(transcript_id: str, owner: str, title: str, chars: int) -> None:
    _doc(transcript_id).set(
        {
            "owner": owner,
            "title": title,
            "chars": chars,
            "status": "processing",
            "created_at": datetime.now(timezone.utc),
        }
    )


def update(transcript_id: str, **fields) -> None:
    fields["updated_at"] = datetime.now(timezone.utc)
    _doc(transcript_id).update(fields)


def get(transcript_id: str) -> dict | None:
    snap = _doc(transcript_id).get()
    return snap.to_dict() if snap.exists else None

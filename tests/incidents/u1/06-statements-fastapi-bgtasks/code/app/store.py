import datetime as dt
import os

from google.cloud import firestore

_db = firestore.Client(project=os.environ.get("GOOGLE_CLOUD_PROJECT"))
_reports = _db.collection("statement_reports")


def create(report_id: str, account_id: str, month: str) -> None:
    _reports.document(report_id).set(
        {"account_id": account_id, "month": month, "status": "pending", "pages_done": 0,
         "created_at": dt.datetime.now(dt.timezone.utc)}
    )


def update(report_id: str, **fields) -> None:
    _reports.document(report_id).update(fields)


def get(report_id: str) -> dict | None:
    snap = _reports.document(report_id).get()
    return snap.to_dict() if snap.exists else None

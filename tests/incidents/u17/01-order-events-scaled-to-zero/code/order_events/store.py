import logging

log = logging.getLogger(__name__)


class FirestoreStore:
    def __init__(self, project: str, collection: str):
        from google.cloud import firestore

        self._col = firestore.Client(project=project).collection(collection)

    def upsert(self, order_id: str, fields: dict) -> None:
        self._col.document(order_id).set(fields, merge=True)


class MemoryStore:
    def __init__(self):
        self.docs: dict[str, dict] = {}

    def upsert(self, order_id: str, fields: dict) -> None:
        self.docs.setdefault(order_id, {}).update(fields)

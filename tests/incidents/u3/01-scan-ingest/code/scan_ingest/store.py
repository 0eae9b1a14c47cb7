import logging
import threading

log = logging.getLogger(__name__)


class FirestoreStore:
    def __init__(self, collection: str, project_id: str):
        from google.cloud import firestore

        self._db = firestore.Client(project=project_id)
        self._col = self._db.collection(collection)

    def append_event(self, tracking_number: str, scan: dict) -> None:
        from google.cloud import firestore

        doc = self._col.document(tracking_number)
        doc.set(
            {
                "events": firestore.ArrayUnion([scan]),
                "last_event": scan["event"],
                "updated_at": firestore.SERVER_TIMESTAMP,
            },
            merge=True,
        )

    def close(self) -> None:
        self._db.close()


class MemoryStore:
    """Used by tests and local runs against the emulator."""

    def __init__(self):
        self._lock = threading.Lock()
        self.timelines = {}

    def append_event(self, tracking_number: str, scan: dict) -> None:
        with self._lock:
            self.timelines.setdefault(tracking_number, []).append(scan)

    def close(self) -> None:
        pass


def build_store(settings):
    if settings.store_backend == "memory":
        return MemoryStore()
    return FirestoreStore(settings.firestore_collection, settings.project_id)

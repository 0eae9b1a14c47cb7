from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import Protocol

from .models import Quote


class QuoteStore(Protocol):
    def create(self, quote: Quote) -> None: ...
    def get(self, quote_id: str) -> Quote | None: ...
    def update(self, quote_id: str, **fields) -> None: ...


class MemoryStore:
    def __init__(self) -> None:
        self._data: dict[str, Quote] = {}
        self._lock = threading.Lock()

    def create(self, quote: Quote) -> None:
        with self._lock:
            self._data[quote.id] = quote

    def get(self, quote_id: str) -> Quote | None:
        return self._data.get(quote_id)

    def update(self, quote_id: str, **fields) -> None:
        with self._lock:
            q = self._data[quote_id]
            self._data[quote_id] = q.model_copy(update={**fields, "updated_at": datetime.now(timezone.utc)})


class FirestoreStore:
    def __init__(self, collection: str = "quotes") -> None:
        from google.cloud import firestore

        self._col = firestore.Client().collection(collection)

    def create(self, quote: Quote) -> None:
        self._col.document(quote.id).set(quote.model_dump(mode="json"))

    def get(self, quote_id: str) -> Quote | None:
        snap = self._col.document(quote_id).get()
        return Quote.model_validate(snap.to_dict()) if snap.exists else None

    def update(self, quote_id: str, **fields) -> None:
        fields["updated_at"] = datetime.now(timezone.utc)
        self._col.document(quote_id).update({k: (v.value if hasattr(v, "value") else v) for k, v in fields.items()})


def make_store(backend: str) -> QuoteStore:
    return MemoryStore() if backend == "memory" else FirestoreStore()

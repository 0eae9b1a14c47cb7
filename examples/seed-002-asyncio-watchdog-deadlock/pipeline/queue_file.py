"""The ideas queue: a JSON list on disk, shared with the retry manager process."""

import json
import os
import tempfile
import threading


class QueueFile:
    """Read-modify-write access to the queue file, serialised by one lock.

    The retry manager appends by atomic replace (temp file + os.replace), so we
    re-read the whole file whenever it changes.
    """

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self._items = []

    def load(self):
        try:
            with open(self.path, encoding="utf-8") as fp:
                self._items = json.load(fp)
        except FileNotFoundError:
            self._items = []
        return len(self._items)

    def take_next(self):
        with self.lock:
            if not self._items:
                return None
            item = self._items.pop(0)
            self._save()
            return item

    def __len__(self):
        return len(self._items)

    def _save(self):
        directory = os.path.dirname(self.path) or "."
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fp:
            json.dump(self._items, fp)
            fp.flush()
            os.fsync(fp.fileno())
        os.replace(tmp, self.path)

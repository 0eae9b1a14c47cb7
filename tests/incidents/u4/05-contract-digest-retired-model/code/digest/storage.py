"""Tiny storage shim: gs://bucket/prefix in production, file:// paths in local runs."""
from pathlib import Path
from urllib.parse import urlparse


class Store:
    def __init__(self, uri: str) -> None:
        self.uri = uri.rstrip("/")
        parsed = urlparse(self.uri)
        self.scheme = parsed.scheme
        if self.scheme == "gs":
            from google.cloud import storage

            self._bucket = storage.Client().bucket(parsed.netloc)
            self._prefix = parsed.path.lstrip("/")
        else:
            self._root = Path(parsed.path)

    def list(self, subdir: str) -> list[str]:
        if self.scheme == "gs":
            prefix = f"{self._prefix}/{subdir}/".lstrip("/")
            return sorted(b.name[len(prefix):] for b in self._bucket.list_blobs(prefix=prefix)
                          if b.name.endswith(".txt"))
        return sorted(p.name for p in (self._root / subdir).glob("*.txt"))

    def read(self, subdir: str, name: str) -> str:
        if self.scheme == "gs":
            return self._bucket.blob(f"{self._prefix}/{subdir}/{name}".lstrip("/")).download_as_text()
        return (self._root / subdir / name).read_text()

    def write(self, subdir: str, name: str, text: str) -> None:
        if self.scheme == "gs":
            self._bucket.blob(f"{self._prefix}/{subdir}/{name}".lstrip("/")).upload_from_string(
                text, content_type="application/json")
            return
        path = self._root / subdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

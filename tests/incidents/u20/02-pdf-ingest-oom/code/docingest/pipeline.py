import io
import logging
from dataclasses import dataclass

from google.cloud import firestore, storage
from pdf2image import convert_from_bytes
from pypdf import PdfReader

logger = logging.getLogger(__name__)

THUMB_DPI = 150
THUMB_SIZE = (400, 566)
OUTPUT_BUCKET = "acme-docs-derived"

_storage = None
_db = None


@dataclass
class IngestResult:
    pages: int
    chars: int


def _clients():
    global _storage, _db
    if _storage is None:
        _storage = storage.Client()
        _db = firestore.Client()
    return _storage, _db


def ingest_document(bucket: str, name: str) -> IngestResult:
    gcs, db = _clients()
    data = gcs.bucket(bucket).blob(name).download_as_bytes()

    reader = PdfReader(io.BytesIO(data))
    texts = [page.extract_text() or "" for page in reader.pages]

    images = convert_from_bytes(data, dpi=THUMB_DPI, fmt="png")
    out = gcs.bucket(OUTPUT_BUCKET)
    for i, img in enumerate(images, start=1):
        img.thumbnail(THUMB_SIZE)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        out.blob(f"{name}/thumbs/{i:04d}.png").upload_from_string(buf.getvalue(), content_type="image/png")

    db.collection("documents").document(name.replace("/", "__")).set(
        {"bucket": bucket, "name": name, "pages": len(texts), "text": texts},
    )
    return IngestResult(pages=len(texts), chars=sum(len(t) for t in texts))

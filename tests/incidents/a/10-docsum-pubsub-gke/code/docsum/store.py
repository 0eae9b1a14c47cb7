from google.cloud import firestore, storage

_fs = firestore.Client()
_gcs = storage.Client()


def load_document(uri: str) -> str:
    bucket, _, name = uri.removeprefix("gs://").partition("/")
    return _gcs.bucket(bucket).blob(name).download_as_text()


def save_summary(doc_id: str, summary: str) -> None:
    _fs.collection("documents").document(doc_id).set({"summary": summary, "status": "summarised"}, merge=True)

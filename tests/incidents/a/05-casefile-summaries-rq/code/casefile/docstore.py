import requests

from .config import DOCSTORE_URL


def fetch_text(doc_id: str) -> str:
    r = requests.get(f"{DOCSTORE_URL}/documents/{doc_id}/text", timeout=15)
    r.raise_for_status()
    return r.text


def save_summary(doc_id: str, summary: str) -> None:
    r = requests.put(f"{DOCSTORE_URL}/documents/{doc_id}/summary", json={"summary": summary}, timeout=15)
    r.raise_for_status()

import os

import httpx

COMMENTS_API_URL = os.environ.get("COMMENTS_API_URL", "http://localhost:8081")
_http = httpx.Client(base_url=COMMENTS_API_URL, timeout=10)


def save_moderation(comment_id: str, label: str, reason: str) -> None:
    resp = _http.put(f"/internal/comments/{comment_id}/moderation", json={"label": label, "reason": reason})
    resp.raise_for_status()

import os

import httpx

MEILI_URL = os.environ.get("MEILI_URL", "http://10.20.0.6:7700")
MEILI_KEY = os.environ.get("MEILI_KEY", "")


def reindex_course(course_id: int) -> int:
    from app.db import cursor

    with cursor() as cur:
        cur.execute("SELECT id, title, body FROM lessons WHERE course_id = %s", (course_id,))
        docs = cur.fetchall()
    r = httpx.post(f"{MEILI_URL}/indexes/lessons/documents", json=docs,
                   headers={"Authorization": f"Bearer {MEILI_KEY}"}, timeout=60)
    r.raise_for_status()
    return len(docs)

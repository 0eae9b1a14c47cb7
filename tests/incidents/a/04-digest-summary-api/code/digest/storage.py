from functools import lru_cache

from flask import current_app
from google.cloud import storage


@lru_cache(maxsize=1)
def _bucket():
    return storage.Client().bucket(current_app.config["ARTICLE_BUCKET"])


def load_article(article_id: str) -> str:
    return _bucket().blob(f"articles/{article_id}.txt").download_as_text()

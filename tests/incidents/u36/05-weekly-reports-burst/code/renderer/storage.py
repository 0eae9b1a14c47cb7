from functools import lru_cache


@lru_cache(maxsize=1)
def _bucket(name: str):
    from google.cloud import storage

    return storage.Client().bucket(name)


def report_exists(bucket: str, path: str) -> bool:
    return _bucket(bucket).blob(path).exists(timeout=10)


def save_report(bucket: str, path: str, html: str) -> None:
    _bucket(bucket).blob(path).upload_from_string(html, content_type="text/html; charset=utf-8", timeout=30)

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    index_path: str
    thumbnailer_url: str
    thumbnail_sizes: tuple[int, ...]
    max_upload_bytes: int
    bucket: str


def load_settings() -> Settings:
    sizes = os.environ.get("THUMBNAIL_SIZES", "160,480,1024")
    return Settings(
        index_path=os.environ.get("INDEX_PATH", "/app/data/products.jsonl"),
        thumbnailer_url=os.environ.get("THUMBNAILER_URL", "http://localhost:8081"),
        thumbnail_sizes=tuple(int(s) for s in sizes.split(",") if s.strip()),
        max_upload_bytes=int(os.environ.get("MAX_UPLOAD_BYTES", str(15 * 1024 * 1024))),
        bucket=os.environ.get("MEDIA_BUCKET", "shopfront-product-media"),
    )

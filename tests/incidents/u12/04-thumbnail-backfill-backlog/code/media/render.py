import io

from google.cloud import storage
from PIL import Image


def render_and_upload(bucket_name, asset_id, source_key, sizes):
    bucket = storage.Client().bucket(bucket_name)
    original = Image.open(io.BytesIO(bucket.blob(source_key).download_as_bytes()))
    keys = []
    for w, h in sizes:
        img = original.copy()
        img.thumbnail((w, h))
        buf = io.BytesIO()
        img.save(buf, "WEBP", quality=82)
        key = f"thumbs/{asset_id}/{w}x{h}.webp"
        bucket.blob(key).upload_from_string(buf.getvalue(), content_type="image/webp")
        keys.append(key)
    return keys

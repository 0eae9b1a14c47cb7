import io
import logging

import boto3
import numpy as np
import pytesseract
from PIL import Image, ImageSequence

log = logging.getLogger("scanbox.ocr")
s3 = boto3.client("s3")


def load_pages(bucket: str, key: str, dpi: int) -> list[np.ndarray]:
    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    img = Image.open(io.BytesIO(body))
    pages = []
    for frame in ImageSequence.Iterator(img):
        scale = dpi / frame.info.get("dpi", (200, 200))[0]
        page = frame.convert("L").resize((int(frame.width * scale), int(frame.height * scale)))
        pages.append(np.asarray(page))
    return pages


def ocr_document(bucket: str, key: str, dpi: int = 400) -> list[str]:
    pages = load_pages(bucket, key, dpi)
    log.info("loaded %s: %d pages", key, len(pages))
    return [pytesseract.image_to_string(Image.fromarray(p), lang="deu+eng") for p in pages]

import pytesseract
from PIL import Image

from . import config


def page_text(img: Image.Image) -> str:
    # tesseract is happier with greyscale at print resolution
    return pytesseract.image_to_string(img.convert("L"), lang=config.OCR_LANG)

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def pages_as_text(pdf_path: Path, dpi: int = 300):
    """Yield (page_no, text) for every page; scanned pages go through tesseract."""
    import pytesseract
    from pdf2image import convert_from_path
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    for page_no, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        if len(text.strip()) < 40:
            image = convert_from_path(str(pdf_path), dpi=dpi, first_page=page_no, last_page=page_no)[0]
            text = pytesseract.image_to_string(image, config="--psm 6")
        yield page_no, text

import io
import logging

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
from reportlab.lib.styles import getSampleStyleSheet

log = logging.getLogger(__name__)


def render_report(title: str, narrative: str, rows: list[list[str]]) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    styles = getSampleStyleSheet()
    story = [Paragraph(title, styles["Title"]), Paragraph(narrative, styles["BodyText"]), Table(rows)]
    doc.build(story)
    log.info("rendered %s (%d rows, %d bytes)", title, len(rows), buf.tell())
    return buf.getvalue()

import logging
import time

import requests
from django.conf import settings
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

_session = requests.Session()


class RenderError(RuntimeError):
    pass


def _auth_headers() -> dict:
    audience = settings.PDF_RENDERER_AUDIENCE
    if not audience:
        return {}
    import google.auth.transport.requests
    import google.oauth2.id_token

    token = google.oauth2.id_token.fetch_id_token(google.auth.transport.requests.Request(), audience)
    return {"Authorization": f"Bearer {token}"}


def render_invoice(invoice) -> bytes:
    lines = list(invoice.lines.all())
    html = render_to_string("invoices/invoice.html", {"invoice": invoice, "lines": lines})
    started = time.monotonic()
    resp = _session.post(
        f"{settings.PDF_RENDERER_URL}/v1/render",
        json={
            "html": html,
            "options": {"page_size": "A4", "margin_mm": 12, "footer_page_numbers": True},
            "filename": f"{invoice.number}.pdf",
        },
        headers=_auth_headers(),
        timeout=(5, settings.PDF_RENDER_TIMEOUT),
    )
    elapsed = time.monotonic() - started
    if resp.status_code != 200:
        log.error("renderer returned %s for invoice %s after %.1fs", resp.status_code, invoice.number, elapsed)
        raise RenderError(f"renderer status {resp.status_code}")
    log.info(
        "rendered invoice %s (%d lines, %d bytes) in %.1fs",
        invoice.number, len(lines), len(resp.content), elapsed,
    )
    return resp.content

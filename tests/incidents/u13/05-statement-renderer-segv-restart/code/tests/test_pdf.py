from renderer.accounts import Account
from renderer.pdf import build_pdf, preview_png

ACC = Account("AC-000123", "Ines Duarte", "ines@example.com", "EUR")


def test_build_pdf_is_pdf():
    assert build_pdf(ACC, "2026-11", [("01.11.2026", "Card payment")]).startswith(b"%PDF")


def test_preview_png():
    png = preview_png(build_pdf(ACC, "2026-11", []))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"

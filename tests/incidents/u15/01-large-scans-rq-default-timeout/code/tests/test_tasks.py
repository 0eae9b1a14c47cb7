from PIL import Image

from scanpipe import tasks


def test_process_scan_writes_pages(tmp_path, monkeypatch):
    pages = [Image.new("RGB", (50, 70), "white") for _ in range(3)]
    monkeypatch.setattr(tasks.raster, "iter_pages", lambda src, dpi: iter(pages))
    monkeypatch.setattr(tasks.ocr, "page_text", lambda img: "hello")
    out = tasks.process_scan("abc", str(tmp_path / "in.pdf"))
    assert out["pages"] == 3
    assert (tmp_path / "proofs" / "abc" / "page-0003.png").exists()

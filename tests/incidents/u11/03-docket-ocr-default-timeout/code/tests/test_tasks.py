import json
from pathlib import Path

from ocrbatch import config, tasks


def test_process_batch_writes_outputs(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox" / "B1"
    inbox.mkdir(parents=True)
    (inbox / "a.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "b.pdf").write_bytes(b"%PDF-1.4")
    monkeypatch.setattr(config, "INBOX_DIR", str(tmp_path / "inbox"))
    monkeypatch.setattr(config, "OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.setattr(tasks, "ocr_pdf", lambda pdf: [f"{pdf.stem} p1", f"{pdf.stem} p2"])
    monkeypatch.setattr(tasks, "docket_note", lambda pages: f"{len(pages)} pages")

    result = tasks.process_batch("B1")

    out = Path(config.OUTPUT_DIR) / "B1"
    assert result["pages"] == 4
    assert (out / "docket-note.md").read_text() == "4 pages"
    assert json.loads((out / "result.json").read_text())["documents"] == 2

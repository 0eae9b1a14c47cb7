from docsum import jobs


def test_summarize_document(monkeypatch):
    monkeypatch.setattr(jobs, "summarize_long_sync", lambda text, style: "sum")
    assert jobs.summarize_document("d1", "abc", "bullets") == {"doc_id": "d1", "summary": "sum"}

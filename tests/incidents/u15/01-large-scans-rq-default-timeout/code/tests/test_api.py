from fastapi.testclient import TestClient

from scanpipe.api import app

client = TestClient(app)


def test_upload_enqueues_job(fake_redis):
    r = client.post("/scans", files={"file": ("flyer.pdf", b"%PDF-1.4\n...", "application/pdf")})
    assert r.status_code == 202
    body = r.json()
    assert body["status"] == "queued"
    assert fake_redis.llen("rq:queue:scans") == 1


def test_rejects_unknown_type():
    r = client.post("/scans", files={"file": ("notes.docx", b"xx", "application/octet-stream")})
    assert r.status_code == 415


def test_unknown_scan_404():
    assert client.get("/scans/doesnotexist").status_code == 404

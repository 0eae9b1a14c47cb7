import io

from PIL import Image

from imgworker import storage, tasks


def test_resize_upload_writes_all_renditions(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "_storage", storage.LocalStorage(str(tmp_path)))
    buf = io.BytesIO()
    Image.new("RGB", (2400, 1600)).save(buf, format="PNG")
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "u1.png").write_bytes(buf.getvalue())
    res = tasks.resize_upload("u1", "uploads/u1.png")
    assert set(res["renditions"]) == {"thumb", "medium", "large"}
    assert (tmp_path / "renditions" / "u1" / "thumb.webp").exists()

import json

from PIL import Image

from claimdocs import packets, settings
from claimdocs.beacon import StatusBeacon


def test_build_packet_writes_one_pdf_page_per_scan(tmp_path, monkeypatch):
    scans = tmp_path / "scans" / "CLM-1"
    scans.mkdir(parents=True)
    for i in range(3):
        Image.new("RGB", (400, 600), (i * 40, 10, 10)).save(scans / f"p{i}.jpg")
    monkeypatch.setattr(settings, "SCAN_SOURCE", str(tmp_path / "scans"))
    monkeypatch.setattr(settings, "PACKET_SINK", str(tmp_path / "out"))
    monkeypatch.setattr(settings, "RENDER_DPI", 72)

    result = packets.build_packet("CLM-1")

    assert result["pages"] == 3
    assert (tmp_path / "out" / "CLM-1.pdf").read_bytes().startswith(b"%PDF")


def test_beacon_writes_status_file(tmp_path):
    path = tmp_path / "status.json"
    beacon = StatusBeacon(str(path), 15, "host.claimdocs", lambda: ("idle", None))
    beacon.write_once()
    data = json.loads(path.read_text())
    assert data["worker"] == "host.claimdocs"
    assert data["interval_s"] == 15
    assert data["state"] == "idle"

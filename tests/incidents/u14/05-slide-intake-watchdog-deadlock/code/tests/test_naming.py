from pathlib import Path

from scanintake.naming import classify


def test_tile_and_manifest_names():
    assert classify(Path("SLIDE-H26-04412-A1_007.tiff")) == ("tile", "H26-04412-A1")
    assert classify(Path("SLIDE-H26-04412-A1.manifest")) == ("manifest", "H26-04412-A1")
    assert classify(Path("SLIDE-H26-04412-A1_007.tiff.part")) is None

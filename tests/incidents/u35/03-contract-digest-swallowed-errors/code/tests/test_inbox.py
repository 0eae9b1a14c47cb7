from digest.inbox import documents_for


def test_sharding_covers_every_document(tmp_path):
    day = tmp_path / "2026-12-03"
    for i in range(12):
        d = day / f"C-{i:04d}"
        d.mkdir(parents=True)
        (d / "main.txt").write_text("x")
    keys = set()
    for t in range(3):
        keys |= {d.key for d in documents_for(str(tmp_path), "2026-12-03", t, 3, 100)}
    assert len(keys) == 12

import json
from types import SimpleNamespace

import pytest

from transcoder import profiles, worker
from transcoder.config import Settings


def _msg(body, mid="1"):
    return SimpleNamespace(data=json.dumps(body).encode(), message_id=mid)


def test_handle_uses_default_profiles(monkeypatch):
    seen = {}

    def fake_transcode(source, video_id, profs, settings):
        seen.update(source=source, video_id=video_id, profiles=profs)
        return {"outputs": {}, "seconds": 1.0}

    monkeypatch.setattr(worker, "transcode", fake_transcode)
    worker.handle(_msg({"video_id": "v1", "source_uri": "gs://b/o.mov"}), Settings())
    assert seen == {"source": "gs://b/o.mov", "video_id": "v1", "profiles": ["1080p", "720p", "480p"]}


def test_handle_rejects_bad_json():
    with pytest.raises(json.JSONDecodeError):
        worker.handle(SimpleNamespace(data=b"{", message_id="2"), Settings())


def test_unknown_profile():
    with pytest.raises(ValueError):
        profiles.ffmpeg_args("4k")

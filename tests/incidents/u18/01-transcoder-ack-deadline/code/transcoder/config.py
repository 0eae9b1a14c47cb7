import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    project: str = field(default_factory=lambda: os.environ.get("GOOGLE_CLOUD_PROJECT", "clipwise-prod"))
    subscription: str = field(default_factory=lambda: os.environ.get("TRANSCODE_SUBSCRIPTION", "transcode-requests-worker"))
    output_bucket: str = field(default_factory=lambda: os.environ.get("OUTPUT_BUCKET", "clipwise-renditions"))
    batch_size: int = field(default_factory=lambda: int(os.environ.get("PULL_BATCH_SIZE", "2")))
    pull_timeout: float = field(default_factory=lambda: float(os.environ.get("PULL_TIMEOUT", "30")))
    scratch_dir: str = field(default_factory=lambda: os.environ.get("SCRATCH_DIR", "/var/lib/transcoder/scratch"))
    ffmpeg: str = field(default_factory=lambda: os.environ.get("FFMPEG_BIN", "/usr/bin/ffmpeg"))
    profiles: tuple = ("1080p", "720p", "480p")


def load() -> Settings:
    return Settings()

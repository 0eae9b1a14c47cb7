import logging
import subprocess

from .retry import with_retries

log = logging.getLogger("clipforge.ffmpeg")

PROFILES = {
    "1080p": ["-vf", "scale=-2:1080", "-c:v", "libx264", "-preset", "slow", "-crf", "20"],
    "720p": ["-vf", "scale=-2:720", "-c:v", "libx264", "-preset", "medium", "-crf", "22"],
}


@with_retries(attempts=3)
def encode(src: str, dst: str, profile: str) -> None:
    cmd = ["ffmpeg", "-hide_banner", "-y", "-i", src, *PROFILES[profile], "-c:a", "aac", "-b:a", "128k", dst]
    subprocess.run(cmd, check=True, capture_output=True)

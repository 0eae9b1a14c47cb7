PROFILES = {
    "1080p": ["-vf", "scale=-2:1080", "-c:v", "libx264", "-preset", "medium", "-crf", "21", "-c:a", "aac", "-b:a", "160k"],
    "720p": ["-vf", "scale=-2:720", "-c:v", "libx264", "-preset", "medium", "-crf", "23", "-c:a", "aac", "-b:a", "128k"],
    "480p": ["-vf", "scale=-2:480", "-c:v", "libx264", "-preset", "fast", "-crf", "24", "-c:a", "aac", "-b:a", "96k"],
}


def ffmpeg_args(profile: str) -> list[str]:
    try:
        return PROFILES[profile]
    except KeyError:
        raise ValueError(f"unknown profile {profile!r}") from None

"""Episode assembly: transcript, cleaning, mixing, metadata."""

import logging
import subprocess

from backend.worker.store import load_episode, save_episode

log = logging.getLogger("assemble")


def _clean_audio(src: str, dst: str) -> None:
    subprocess.run(["ffmpeg", "-y", "-i", src, "-af", "silenceremove=1:0:-50dB", dst], check=True)


def _mix(voice: str, intro: str, outro: str, dst: str) -> None:
    subprocess.run(
        ["ffmpeg", "-y", "-i", intro, "-i", voice, "-i", outro, "-filter_complex", "concat=n=3:v=0:a=1", dst],
        check=True,
    )


def create_podcast_episode(episode_id: str, user_id: str, template_id: str) -> dict:
    episode = load_episode(episode_id)
    if episode is None:
        log.warning("stale job: episode %s not found", episode_id)
        return {"status": "stale"}
    _clean_audio(episode["raw_audio"], f"/tmp/{episode_id}-clean.wav")
    log.info("[assemble] cleaned audio uploaded episode_id=%s", episode_id)
    _mix(f"/tmp/{episode_id}-clean.wav", episode["intro"], episode["outro"], f"/tmp/{episode_id}.mp3")
    episode["status"] = "completed"
    save_episode(episode)
    return {"status": "completed"}

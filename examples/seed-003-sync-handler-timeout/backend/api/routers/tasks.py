"""Internal task endpoints, invoked by Cloud Tasks."""

import logging

from fastapi import APIRouter, Request

from backend.worker.assemble import create_podcast_episode

log = logging.getLogger("tasks")
router = APIRouter()


def _validate_assemble_payload(data: dict) -> dict:
    for key in ("episode_id", "user_id", "template_id"):
        if key not in data:
            raise ValueError(f"missing {key}")
    return data


@router.post("/assemble")
async def assemble_episode_task(request: Request):
    payload = _validate_assemble_payload(await request.json())
    log.info("event=tasks.assemble.start episode_id=%s", payload["episode_id"])
    result = create_podcast_episode(
        episode_id=payload["episode_id"],
        user_id=payload["user_id"],
        template_id=payload["template_id"],
    )
    log.info("event=tasks.assemble.done episode_id=%s", payload["episode_id"])
    return {"ok": True, "result": result}

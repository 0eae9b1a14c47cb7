from fastapi import APIRouter, HTTPException

from backend.worker.store import load_episode

router = APIRouter()


@router.get("/{episode_id}")
def get_episode(episode_id: str):
    episode = load_episode(episode_id)
    if episode is None:
        raise HTTPException(status_code=404, detail="episode not found")
    return episode

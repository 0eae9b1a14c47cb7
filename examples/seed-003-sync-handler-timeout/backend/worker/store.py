import json
import os

STORE = os.environ.get("EPISODE_STORE", "/tmp/episodes")


def load_episode(episode_id: str):
    try:
        with open(os.path.join(STORE, f"{episode_id}.json")) as fh:
            return json.load(fh)
    except FileNotFoundError:
        return None


def save_episode(episode: dict) -> None:
    with open(os.path.join(STORE, f"{episode['id']}.json"), "w") as fh:
        json.dump(episode, fh)

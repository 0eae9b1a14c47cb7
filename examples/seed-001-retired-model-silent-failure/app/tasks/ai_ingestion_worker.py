"""RQ jobs of the ai_ingestion queue."""

import logging
import uuid

from app.services.ingestion_service import IngestionService

logger = logging.getLogger(__name__)


def load_scenes(script_id: str) -> list[tuple[str, str]]:
    # The real app reads the script's scenes from Postgres.
    return [(str(uuid.uuid5(uuid.NAMESPACE_URL, f"{script_id}/{n}")), f"Scene {n} text") for n in range(6)]


def analyze_script_full(script_id: str) -> dict:
    service = IngestionService()
    summaries = {}
    for scene_id, text in load_scenes(script_id):
        summaries[scene_id] = service.generate_scene_summary(scene_id, text)
    logger.info("analysis finished for %s", script_id)
    return {"script_id": script_id, "scenes": len(summaries)}

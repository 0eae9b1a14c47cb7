"""Scene ingestion: one model call per scene."""

import logging

from app.services.ai_service import AIService

logger = logging.getLogger(__name__)


class IngestionService:
    def __init__(self):
        self.ai = AIService()

    def generate_scene_summary(self, scene_id: str, text: str) -> str | None:
        try:
            return self.ai.summarise_scene(text)
        except Exception as e:
            logger.error("Error generating scene summary for scene %s: %s", scene_id, e)
            return None

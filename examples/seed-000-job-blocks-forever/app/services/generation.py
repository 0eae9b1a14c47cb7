"""Content generation pipeline (script, audio, video)."""

import logging

logger = logging.getLogger(__name__)


def generate_content(request_id: str, modality: str) -> None:
    logger.info("generating %s content for %s", modality, request_id)

"""Anthropic model IDs: the bundled lifecycle catalogue and model-ID extraction."""

from opsdoc.models.catalog import Catalog, ModelInfo, load_catalog, normalise, platform_of

__all__ = ["Catalog", "ModelInfo", "load_catalog", "normalise", "platform_of"]

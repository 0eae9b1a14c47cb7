import os
from dataclasses import dataclass, field


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Config:
    project: str = os.environ.get("GOOGLE_CLOUD_PROJECT", "brightcart-prod")
    subscription: str = os.environ.get("SUBSCRIPTION", "review-events-nightly")
    table: str = os.environ.get("REVIEWS_TABLE", "brightcart-prod.reviews.classified")
    model: str = os.environ.get("CLASSIFIER_MODEL", "claude-haiku-4-5")
    max_messages: int = _int("PULL_MAX_MESSAGES", 25)
    ack_extension_s: int = _int("ACK_EXTENSION_SECONDS", 60)
    empty_pulls_before_exit: int = _int("EMPTY_PULLS_BEFORE_EXIT", 3)
    max_runtime_s: int = _int("MAX_RUNTIME_SECONDS", 2700)
    task_index: int = _int("CLOUD_RUN_TASK_INDEX", 0)
    task_attempt: int = _int("CLOUD_RUN_TASK_ATTEMPT", 0)
    task_count: int = _int("CLOUD_RUN_TASK_COUNT", 1)

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    model: str = field(default_factory=lambda: os.environ["CHAT_MODEL"])
    max_tokens: int = field(default_factory=lambda: int(os.environ.get("CHAT_MAX_TOKENS", "1024")))
    database_url: str = field(default_factory=lambda: os.environ.get("DATABASE_URL", ""))
    allowed_origin: str = field(default_factory=lambda: os.environ.get("ALLOWED_ORIGIN", "https://help.tandemcloud.example"))
    log_level: str = field(default_factory=lambda: os.environ.get("LOG_LEVEL", "INFO"))

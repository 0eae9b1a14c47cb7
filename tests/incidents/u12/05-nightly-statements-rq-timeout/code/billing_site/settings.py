import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only")
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django_rq",
    "statements",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DB_PATH", str(BASE_DIR / "db.sqlite3")),
    }
}
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

RQ_QUEUES = {
    "default": {
        "URL": os.environ.get("REDIS_URL", "redis://localhost:6379/0"),
        "DEFAULT_TIMEOUT": 360,
    },
    "statements": {
        "URL": os.environ.get("REDIS_URL", "redis://localhost:6379/0"),
        "DEFAULT_TIMEOUT": 360,
    },
}
STATEMENT_BATCH = int(os.environ.get("STATEMENT_BATCH", "250"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"statements": {"handlers": ["console"], "level": "INFO"}},
}

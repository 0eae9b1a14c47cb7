import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only")
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django_rq", "outbox"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("DB_PATH", str(BASE_DIR / "db.sqlite3"))}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_HOST = os.environ.get("SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SMTP_PORT", "587"))
EMAIL_TIMEOUT = 20
SMTP_ATTEMPTS = 3

RQ_QUEUES = {"mail": {"URL": os.environ.get("REDIS_URL", "redis://localhost:6379/2"), "DEFAULT_TIMEOUT": 120}}
HEARTBEAT_FILE = os.environ.get("HEARTBEAT_FILE", "/var/lib/mailer/heartbeat.json")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"outbox": {"handlers": ["console"], "level": "INFO"}},
}

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "*").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "underwriting",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "memoforge.urls"
WSGI_APPLICATION = "memoforge.wsgi.application"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("MEMOFORGE_DB", BASE_DIR / "memoforge.sqlite3"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True

# --- memoforge -----------------------------------------------------------
# Every synchronous request must finish within this budget (seconds); the
# gunicorn worker timeout is derived from it (see memoforge/runtime.py).
MEMOFORGE_REQUEST_BUDGET_S = int(os.environ.get("MEMOFORGE_REQUEST_BUDGET_S", "25"))
MEMOFORGE_MODEL = os.environ.get("MEMOFORGE_MODEL", "claude-sonnet-4-5")
MEMOFORGE_MEMO_MAX_TOKENS = int(os.environ.get("MEMOFORGE_MEMO_MAX_TOKENS", "6000"))
MEMOFORGE_LLM_TIMEOUT_S = float(os.environ.get("MEMOFORGE_LLM_TIMEOUT_S", "180"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s",
                             "datefmt": "%Y-%m-%d %H:%M:%S %z"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "underwriting": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

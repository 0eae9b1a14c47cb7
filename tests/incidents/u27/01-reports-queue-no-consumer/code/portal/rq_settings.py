"""Config module for `rq worker -c portal.rq_settings`."""
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

REDIS_URL = os.environ.get("REDIS_URL", "redis://redis:6379/0")
LOGGING_LEVEL = "INFO"

"""Settings module for `rq worker -c config.rq_settings`: boots Django first."""
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402

REDIS_URL = settings.REDIS_URL
QUEUES = ["default", "maintenance"]

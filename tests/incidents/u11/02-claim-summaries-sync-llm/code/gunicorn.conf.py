import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
# Medical bundles take a few minutes to summarise; 120 s killed too many of them.
timeout = 240
graceful_timeout = 30
accesslog = None
loglevel = "info"

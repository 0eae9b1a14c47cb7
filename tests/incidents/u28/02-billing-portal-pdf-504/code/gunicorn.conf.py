import os

bind = f":{os.environ.get('PORT', '8080')}"
workers = 2
threads = 8
worker_class = "gthread"
# Cloud Run enforces the request timeout; let it.
timeout = 0
graceful_timeout = 10
loglevel = "info"
accesslog = None
errorlog = "-"

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8080')}"
workers = 1
threads = 8
# Cloud Run enforces the request timeout; let gunicorn wait.
timeout = 0
graceful_timeout = 8
accesslog = None
loglevel = "info"

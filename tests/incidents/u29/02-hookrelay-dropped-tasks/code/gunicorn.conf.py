import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
worker_class = "aiohttp.GunicornWebWorker"
graceful_timeout = 8
timeout = 0

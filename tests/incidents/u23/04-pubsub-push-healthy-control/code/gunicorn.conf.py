import os

bind = f":{os.environ.get('PORT', '8080')}"
workers = 1
threads = 8
timeout = 0
graceful_timeout = 8

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8080')}"
workers = 2
threads = 8
worker_class = "gthread"
timeout = 0
accesslog = "-"
errorlog = "-"
loglevel = "info"

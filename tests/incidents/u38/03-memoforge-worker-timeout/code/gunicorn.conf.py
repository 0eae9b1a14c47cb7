from memoforge import runtime

bind = "0.0.0.0:8000"
wsgi_app = "memoforge.wsgi:application"
workers = runtime.worker_count()
worker_class = "sync"
timeout = runtime.worker_timeout_seconds()
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
loglevel = "info"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss "%(a)s"'

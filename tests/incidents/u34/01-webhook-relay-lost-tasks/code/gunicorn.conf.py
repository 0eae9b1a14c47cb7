bind = "0.0.0.0:8000"
workers = 2
worker_class = "aiohttp.GunicornWebWorker"
graceful_timeout = 20
accesslog = "-"
access_log_format = '%a "%r" %s %b %Tf'
